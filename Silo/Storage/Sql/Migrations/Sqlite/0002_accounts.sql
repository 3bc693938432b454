-- 0002 accounts: accounts, their access keys, and bucket owners (issue 22).
-- Never edit a script once it has shipped: add the next numbered file instead.

-- An account owns buckets and objects and is named in grants and policies. 'root' is the bootstrap
-- administrator (the configured Auth:RootAccessKey's account) and owns every bucket created before accounts.
CREATE TABLE IF NOT EXISTS accounts (
    account_id TEXT COLLATE BINARY PRIMARY KEY,
    display_name TEXT NOT NULL,
    state INTEGER NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL);

INSERT INTO accounts (account_id, display_name, state, is_admin, created_ms) VALUES ('root', 'root', 0, 1, 0) ON CONFLICT (account_id) DO NOTHING;

-- Access keys. The secret is stored encrypted (AES-256-GCM under the master key, Auth:MasterKey):
-- secret_nonce || ciphertext || tag in secret_sealed; signatures need the plaintext to verify.
CREATE TABLE IF NOT EXISTS access_keys (
    access_key_id TEXT COLLATE BINARY PRIMARY KEY,
    account_id TEXT COLLATE BINARY NOT NULL REFERENCES accounts (account_id),
    secret_sealed BLOB NOT NULL,
    state INTEGER NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NULL);
CREATE INDEX IF NOT EXISTS access_keys_account ON access_keys (account_id);

-- Every bucket has an owning account; rows from before accounts belong to root.
ALTER TABLE buckets ADD COLUMN owner TEXT COLLATE BINARY NOT NULL DEFAULT 'root';
CREATE INDEX IF NOT EXISTS buckets_owner ON buckets (owner, name);

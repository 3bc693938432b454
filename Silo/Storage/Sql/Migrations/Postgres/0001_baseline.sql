-- 0001 baseline: the schema as the hand-written SqlSchema created it (version 3) before migrations.
-- Idempotent on purpose (IF NOT EXISTS, DROP TRIGGER IF EXISTS): a database created before migrations
-- is adopted by running this script once more, adding what older versions lacked, and journalling it
-- (see LegacySchemaAdoption). Times are Unix milliseconds (BIGINT) so that both stores keep them alike.
-- Never edit a script once it has shipped: add the next numbered file instead.

-- The metadata tables.
CREATE TABLE IF NOT EXISTS buckets (
    name TEXT COLLATE "C" PRIMARY KEY,
    rule INTEGER NOT NULL,
    created_ms BIGINT NOT NULL,
    anonymous_write INTEGER NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT COLLATE "C" PRIMARY KEY,
    bucket TEXT COLLATE "C" NOT NULL,
    object_key TEXT COLLATE "C" NOT NULL,
    state INTEGER NOT NULL,
    initiated_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    exclusive_key TEXT COLLATE "C" NULL,
    completed_etag TEXT NULL,
    completed_size BIGINT NULL,
    completed_parts INTEGER NULL,
    completed_checksum TEXT NULL);
-- ListMultipartUploads: open uploads of a bucket by key, then upload ID (= initiation order).
CREATE INDEX IF NOT EXISTS uploads_open ON uploads (bucket, object_key, upload_id) WHERE state = 0;
-- The exclusive rule, guaranteed: at most one open upload per key in an exclusive bucket.
CREATE UNIQUE INDEX IF NOT EXISTS uploads_exclusive ON uploads (bucket, exclusive_key) WHERE state = 0 AND exclusive_key IS NOT NULL;

-- Parts of an upload, or the single part of a PUT object (source_id = the object's source).
CREATE TABLE IF NOT EXISTS parts (
    source_id TEXT COLLATE "C" NOT NULL,
    part_number INTEGER NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (source_id, part_number));
CREATE INDEX IF NOT EXISTS parts_blob ON parts (blob_id);

CREATE TABLE IF NOT EXISTS objects (
    bucket TEXT COLLATE "C" NOT NULL,
    object_key TEXT COLLATE "C" NOT NULL,
    source_id TEXT NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    parts_count INTEGER NOT NULL,
    modified_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (bucket, object_key));

-- Blobs no row references any more; the collector deletes them after a grace period.
CREATE TABLE IF NOT EXISTS garbage (
    blob_id TEXT PRIMARY KEY,
    since_ms BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS garbage_since ON garbage (since_ms);

-- One row per written key; writers of a key lock it, which serialises them in PostgreSQL.
CREATE TABLE IF NOT EXISTS key_guards (
    bucket TEXT COLLATE "C" NOT NULL,
    object_key TEXT COLLATE "C" NOT NULL,
    writes BIGINT NOT NULL,
    PRIMARY KEY (bucket, object_key));

-- The expiry sweep: open uploads by initiation time.
CREATE INDEX IF NOT EXISTS uploads_open_initiated ON uploads (initiated_ms) WHERE state = 0;

-- Blob reference triggers: a blob becomes garbage when the last part row naming it goes (copies share
-- blobs), no part row may name a garbage blob, and no garbage blob may be named by a part.
CREATE OR REPLACE FUNCTION omp_part_blob_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id) THEN
        INSERT INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
        ON CONFLICT (blob_id) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION omp_part_blob_not_garbage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id) THEN
        RAISE EXCEPTION 'blob % is garbage: no part may name it again', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION omp_garbage_blob_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id) THEN
        RAISE EXCEPTION 'blob % is named by a part: it cannot be garbage', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS parts_release_blob ON parts;
CREATE TRIGGER parts_release_blob AFTER DELETE OR UPDATE OF blob_id ON parts FOR EACH ROW EXECUTE FUNCTION omp_part_blob_released();
DROP TRIGGER IF EXISTS parts_blob_not_garbage ON parts;
CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT OR UPDATE OF blob_id ON parts FOR EACH ROW EXECUTE FUNCTION omp_part_blob_not_garbage();
DROP TRIGGER IF EXISTS garbage_blob_unreferenced ON garbage;
CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON garbage FOR EACH ROW EXECUTE FUNCTION omp_garbage_blob_unreferenced();

-- Orleans' ADO.NET providers' tables (their query texts are rewritten at every start, not here).
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL);

-- Grain state. grain_type is the state name; string keys are in grain_id_ext (text: keys reach 1,024 bytes).
CREATE TABLE IF NOT EXISTS orleans_storage (
    service_id TEXT NOT NULL,
    grain_type TEXT NOT NULL,
    grain_id_n0 BIGINT NOT NULL,
    grain_id_n1 BIGINT NOT NULL,
    grain_id_ext TEXT NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_id_hash INTEGER NOT NULL,
    payload BYTEA NULL,
    version INTEGER NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext));

CREATE TABLE IF NOT EXISTS orleans_reminders (
    service_id TEXT NOT NULL,
    grain_id TEXT NOT NULL,
    reminder_name TEXT NOT NULL,
    start_time TIMESTAMPTZ NOT NULL,
    period BIGINT NOT NULL,
    grain_hash INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name));
-- Each silo reads the reminders of its ring range.
CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

-- Membership: one version row per cluster, advanced with every membership change.
CREATE TABLE IF NOT EXISTS orleans_membership_version (
    deployment_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS orleans_membership (
    deployment_id TEXT NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address TEXT NOT NULL,
    port INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    silo_name TEXT NULL,
    host_name TEXT NOT NULL,
    status INTEGER NOT NULL,
    proxy_port INTEGER NOT NULL,
    suspect_times TEXT NULL,
    start_time TIMESTAMPTZ NOT NULL,
    i_am_alive_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation));

-- 0001 baseline: the schema as the hand-written SqlSchema created it (version 3) before migrations.
-- Idempotent on purpose (IF NOT EXISTS, DROP TRIGGER IF EXISTS): a database created before migrations
-- is adopted by running this script once more, adding what older versions lacked, and journalling it
-- (see LegacySchemaAdoption). Times are Unix milliseconds (BIGINT) so that both stores keep them alike.
-- Never edit a script once it has shipped: add the next numbered file instead.

-- The metadata tables.
CREATE TABLE IF NOT EXISTS buckets (
    name TEXT COLLATE BINARY PRIMARY KEY,
    rule INTEGER NOT NULL,
    created_ms BIGINT NOT NULL,
    anonymous_write INTEGER NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT COLLATE BINARY PRIMARY KEY,
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
    state INTEGER NOT NULL,
    initiated_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    exclusive_key TEXT COLLATE BINARY NULL,
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
    source_id TEXT COLLATE BINARY NOT NULL,
    part_number INTEGER NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (source_id, part_number));
CREATE INDEX IF NOT EXISTS parts_blob ON parts (blob_id);

CREATE TABLE IF NOT EXISTS objects (
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
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
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
    writes BIGINT NOT NULL,
    PRIMARY KEY (bucket, object_key));

-- The expiry sweep: open uploads by initiation time.
CREATE INDEX IF NOT EXISTS uploads_open_initiated ON uploads (initiated_ms) WHERE state = 0;

-- Blob reference triggers: a blob becomes garbage when the last part row naming it goes (copies share
-- blobs), no part row may name a garbage blob, and no garbage blob may be named by a part.
DROP TRIGGER IF EXISTS parts_release_blob;
CREATE TRIGGER parts_release_blob AFTER DELETE ON parts
WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
BEGIN
    INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
DROP TRIGGER IF EXISTS parts_release_replaced_blob;
CREATE TRIGGER parts_release_replaced_blob AFTER UPDATE OF blob_id ON parts
WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
BEGIN
    INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
DROP TRIGGER IF EXISTS parts_blob_not_garbage;
CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT ON parts
WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
END;
DROP TRIGGER IF EXISTS parts_replacement_not_garbage;
CREATE TRIGGER parts_replacement_not_garbage BEFORE UPDATE OF blob_id ON parts
WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
END;
DROP TRIGGER IF EXISTS garbage_blob_unreferenced;
CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON garbage
WHEN EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is named by a part: it cannot be garbage');
END;

-- Orleans' ADO.NET providers' tables (their query texts are rewritten at every start, not here).
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL);

-- Grain state. grain_type is the state name; string keys are in grain_id_ext.
CREATE TABLE IF NOT EXISTS orleans_storage (
    service_id TEXT NOT NULL,
    grain_type TEXT NOT NULL,
    grain_id_n0 INTEGER NOT NULL,
    grain_id_n1 INTEGER NOT NULL,
    grain_id_ext TEXT NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_id_hash INTEGER NOT NULL,
    payload BLOB NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext));

CREATE TABLE IF NOT EXISTS orleans_reminders (
    service_id TEXT NOT NULL,
    grain_id TEXT NOT NULL,
    reminder_name TEXT NOT NULL,
    start_time TEXT NOT NULL,
    period INTEGER NOT NULL,
    grain_hash INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name));
CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

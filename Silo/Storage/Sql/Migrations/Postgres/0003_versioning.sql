-- 0003 versioning: bucket versioning state, object version IDs and the table of noncurrent versions and
-- delete markers (issue 23). Never edit a script once it has shipped: add the next numbered file instead.
--
-- Why this shape: `objects` stays "the key's current object", so every path that reads or lists current
-- objects (GET, HEAD, ListObjects, copies, UploadPartCopy, the admin reports) keeps its SQL and its speed;
-- what versioning adds lives beside it. An overwrite or delete in a versioned bucket moves the current row
-- here (under the key's guard row, see SqlMetadataStore.Versioning.cs) instead of discarding its parts,
-- so its parts rows, and through the blob triggers its blobs, stay exactly as long as the version does.
-- A key's latest version is its `objects` row when there is one, else its newest row here (a delete marker).

-- 0: never versioned (writes replace, version ID "null" and no x-amz-version-id), 1: Enabled, 2: Suspended.
ALTER TABLE buckets ADD COLUMN versioning INTEGER NOT NULL DEFAULT 0;

-- The current object's version: NULL for objects written while the bucket was never versioned (the null
-- version, announced by no header), 'null' for the null version of a suspended bucket, else its ID.
-- version_seq orders a key's versions: the key's guard-row write counter when the version was written
-- (0 for objects from before versioning, older than every later write).
ALTER TABLE objects ADD COLUMN version_id TEXT COLLATE "C" NULL;
ALTER TABLE objects ADD COLUMN version_seq BIGINT NOT NULL DEFAULT 0;

-- A repeated Complete answers the version its first Complete made.
ALTER TABLE uploads ADD COLUMN completed_version_id TEXT NULL;

-- Noncurrent versions and delete markers. source_id names the parts of a version (NULL for a marker).
CREATE TABLE IF NOT EXISTS object_versions (
    bucket TEXT COLLATE "C" NOT NULL,
    object_key TEXT COLLATE "C" NOT NULL,
    version_id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    is_marker INTEGER NOT NULL,
    source_id TEXT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    parts_count INTEGER NOT NULL,
    modified_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (bucket, object_key, version_id));
-- ListObjectVersions (key ascending, newest first), a key's newest version (promotion after a delete),
-- and one version per write: no two versions of a key share a position.
CREATE UNIQUE INDEX IF NOT EXISTS object_versions_order ON object_versions (bucket, object_key, seq);

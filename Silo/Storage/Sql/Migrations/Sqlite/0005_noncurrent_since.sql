-- 0005 noncurrent since: when each noncurrent version stopped being current, stored, and indexed (issue 23).
-- Never edit a script once it has shipped: add the next numbered file instead.
--
-- Why: the lifecycle sweep's NoncurrentVersionExpiration counts a version's days from when its successor was
-- written. Computed per row (the successor's modification time), a sweep had to read every version of a bucket
-- on every pass; stored, a pass reads only the versions noncurrent for long enough, along the index below.
-- The writes that make a version noncurrent set it (SqlMetadataStore.Versioning.cs, under the key's guard):
-- the time of the successor's write. NULL means the row is its key's latest version, which only a delete
-- marker with no current object after it can be.
ALTER TABLE object_versions ADD COLUMN noncurrent_since_ms BIGINT NULL;

-- Existing rows: the successor is the next version of the key, else its current object (as the sweep computed it).
-- A key's latest delete marker has neither and stays NULL.
UPDATE object_versions SET noncurrent_since_ms = COALESCE(
    (SELECT w.modified_ms FROM object_versions w
     WHERE w.bucket = object_versions.bucket AND w.object_key = object_versions.object_key AND w.seq > object_versions.seq
     ORDER BY w.seq LIMIT 1),
    (SELECT o.modified_ms FROM objects o WHERE o.bucket = object_versions.bucket AND o.object_key = object_versions.object_key));

-- The sweep's two reads: noncurrent versions by the time they became noncurrent, and (noncurrent_since_ms IS NULL)
-- the latest delete markers in key order.
CREATE INDEX IF NOT EXISTS object_versions_noncurrent ON object_versions (bucket, noncurrent_since_ms, object_key, seq);

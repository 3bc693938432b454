-- 0004 lifecycle: per-bucket lifecycle rules (issue 23).
-- Never edit a script once it has shipped: add the next numbered file instead.

-- The buckets that have lifecycle rules (the rules themselves are the bucket's settings, grain state). The
-- sweep walks this table instead of every bucket's settings, and the service-wide expiry
-- (Multipart:AbortIncompleteUploadsAfter) leaves these buckets to their own rules.
CREATE TABLE IF NOT EXISTS lifecycle_buckets (
    bucket TEXT COLLATE BINARY PRIMARY KEY,
    since_ms BIGINT NOT NULL);

-- AbortIncompleteMultipartUpload: one bucket's open uploads by initiation time.
CREATE INDEX IF NOT EXISTS uploads_open_bucket_initiated ON uploads (bucket, initiated_ms, upload_id) WHERE state = 0;

-- Expiration: one bucket's objects by modification time, so that a sweep reads the objects old enough to
-- expire instead of the whole bucket (the primary key orders by key only). Costs every object write one
-- more index entry; without it a bucket of a million objects is read whole on every sweep.
CREATE INDEX IF NOT EXISTS objects_bucket_modified ON objects (bucket, modified_ms, object_key);

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// The schema, created or upgraded at start-up, before Orleans' providers load their queries. Times are
/// Unix milliseconds (BIGINT) so that both databases store them alike. The script is idempotent
/// (additive changes go at the end with IF NOT EXISTS); changes that are not additive are numbered
/// <see cref="Upgrades"/>, applied once and recorded in <c>schema_version</c>.
/// </summary>
public static class SqlSchema
{
    /// <summary>
    /// 1: the metadata tables; 2: Orleans' provider tables and queries, the old runtime's tables dropped;
    /// 3: flexible checksums (parts.checksum, objects.checksum, uploads.completed_checksum), added to
    /// older databases by <see cref="AddedColumns"/>.
    /// </summary>
    public const int CurrentVersion = 3;

    /// <summary>Steps from a database at an older version, in order.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Upgrades =
    [
        // The home-made runtime's reminder and grain-state tables: expiry is now a sweep over uploads
        // and grain state lives in Orleans' orleans_storage table.
        (2, "DROP TABLE IF EXISTS reminders; DROP TABLE IF EXISTS grain_state;"),
    ];

    /// <summary>
    /// Columns added after the first release, for databases created before them (CREATE TABLE IF NOT
    /// EXISTS leaves an existing table as it was). Each is added once, idempotently.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns =
    [
        ("buckets", "anonymous_write", "INTEGER NOT NULL DEFAULT 0"),

        // Version 3: a part's flexible checksum ("algorithm:base64"), an object's ("algorithm:type:parts:base64"),
        // and a completed upload's object checksum, for the answer to a retried Complete. NULL: none.
        ("parts", "checksum", "TEXT NULL"),
        ("objects", "checksum", "TEXT NULL"),
        ("uploads", "completed_checksum", "TEXT NULL"),
    ];

    public static string Script(ISqlDialect dialect)
    {
        var c = dialect.KeyCollation;
        return $"""
            CREATE TABLE IF NOT EXISTS buckets (
                name TEXT {c} PRIMARY KEY,
                rule INTEGER NOT NULL,
                created_ms BIGINT NOT NULL,
                anonymous_write INTEGER NOT NULL DEFAULT 0);

            CREATE TABLE IF NOT EXISTS uploads (
                upload_id TEXT {c} PRIMARY KEY,
                bucket TEXT {c} NOT NULL,
                object_key TEXT {c} NOT NULL,
                state INTEGER NOT NULL,
                initiated_ms BIGINT NOT NULL,
                settings TEXT NOT NULL,
                exclusive_key TEXT {c} NULL,
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
                source_id TEXT {c} NOT NULL,
                part_number INTEGER NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                blob_id TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                checksum TEXT NULL,
                PRIMARY KEY (source_id, part_number));
            CREATE INDEX IF NOT EXISTS parts_blob ON parts (blob_id);

            CREATE TABLE IF NOT EXISTS objects (
                bucket TEXT {c} NOT NULL,
                object_key TEXT {c} NOT NULL,
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
                bucket TEXT {c} NOT NULL,
                object_key TEXT {c} NOT NULL,
                writes BIGINT NOT NULL,
                PRIMARY KEY (bucket, object_key));

            -- The expiry sweep: open uploads by initiation time.
            CREATE INDEX IF NOT EXISTS uploads_open_initiated ON uploads (initiated_ms) WHERE state = 0;

            CREATE TABLE IF NOT EXISTS schema_version (
                id INTEGER PRIMARY KEY,
                version INTEGER NOT NULL);
            """;
    }
}

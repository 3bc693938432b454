using System.Text.Json;
using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>The administration queries: reports over whole tables, which the request path never runs.</summary>
public sealed partial class SqlMetadataStore
{
    public Task<IReadOnlyList<BucketUsage>> ListBucketUsageAsync(CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<BucketUsage>>(async c => (await c.QueryAsync<BucketUsageRow>(
            // Correlated subqueries over the (bucket, key) primary key and the open-uploads index: one bucket's
            // figures never scan another's rows. SUM is cast because PostgreSQL sums BIGINT as NUMERIC.
            """
            SELECT b.name, b.rule, b.created_ms AS createdms, b.anonymous_write AS anonymouswrite, b.owner,
              (SELECT COUNT(*) FROM objects o WHERE o.bucket = b.name) AS objects,
              CAST((SELECT COALESCE(SUM(o.size), 0) FROM objects o WHERE o.bucket = b.name) AS BIGINT) AS bytes,
              (SELECT COUNT(*) FROM uploads u WHERE u.bucket = b.name AND u.state = 0) AS openuploads,
              CAST((SELECT COALESCE(SUM(p.size), 0) FROM uploads u JOIN parts p ON p.source_id = u.upload_id WHERE u.bucket = b.name AND u.state = 0) AS BIGINT) AS uploadbytes,
              (SELECT COUNT(*) FROM object_versions v WHERE v.bucket = b.name AND v.is_marker = 0) AS noncurrentversions,
              CAST((SELECT COALESCE(SUM(v.size), 0) FROM object_versions v WHERE v.bucket = b.name AND v.is_marker = 0) AS BIGINT) AS noncurrentbytes
            FROM buckets b ORDER BY b.name
            """)).Select(r => r.ToUsage()).ToList(), cancellationToken);

    public Task<bool> SetBucketOwnerAsync(string name, string owner, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync("UPDATE buckets SET owner = @owner WHERE name = @name", new { name, owner }, t) == 1, cancellationToken);

    public Task<IReadOnlyList<OpenUploadUsage>> ListOpenUploadUsageAsync(string? bucket, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<OpenUploadUsage>>(async c => (await c.QueryAsync<OpenUploadRow>(
            $"""
            SELECT u.bucket, u.object_key AS objectkey, u.upload_id AS uploadid, u.initiated_ms AS initiatedms, u.settings,
              (SELECT COUNT(*) FROM parts p WHERE p.source_id = u.upload_id) AS parts,
              CAST((SELECT COALESCE(SUM(p.size), 0) FROM parts p WHERE p.source_id = u.upload_id) AS BIGINT) AS bytes
            FROM uploads u WHERE u.state = 0 AND u.initiated_ms < @cutoff{(bucket is null ? "" : " AND u.bucket = @bucket")}
            ORDER BY u.initiated_ms, u.upload_id LIMIT @limit
            """,
            new { bucket, cutoff = cutoff.ToUnixTimeMilliseconds(), limit })).Select(r => r.ToUsage()).ToList(), cancellationToken);

    /// <summary>
    /// The account that initiated an upload, as its settings document records it (<c>owner</c>), or null for an
    /// upload from before initiators were recorded. Read from the JSON text so that this report does not depend
    /// on the settings type's other members.
    /// </summary>
    private static string? InitiatorOf(string settings)
    {
        try
        {
            using var document = JsonDocument.Parse(settings);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("owner", out var owner) || document.RootElement.TryGetProperty("initiator", out owner))
                && owner.ValueKind == JsonValueKind.String
                    ? owner.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class BucketUsageRow
    {
        public string Name { get; set; } = "";
        public long Rule { get; set; }
        public long CreatedMs { get; set; }
        public long AnonymousWrite { get; set; }
        public string Owner { get; set; } = AccountIds.Root;
        public long Objects { get; set; }
        public long Bytes { get; set; }
        public long OpenUploads { get; set; }
        public long UploadBytes { get; set; }
        public long NoncurrentVersions { get; set; }
        public long NoncurrentBytes { get; set; }

        public BucketUsage ToUsage() => new(
            new BucketInfo(Name, (BucketRule)Rule, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), AnonymousWrite != 0, Owner),
            Objects, Bytes, OpenUploads, UploadBytes, NoncurrentVersions, NoncurrentBytes);
    }

    private sealed class OpenUploadRow
    {
        public string Bucket { get; set; } = "";
        public string ObjectKey { get; set; } = "";
        public string UploadId { get; set; } = "";
        public long InitiatedMs { get; set; }
        public string Settings { get; set; } = "{}";
        public long Parts { get; set; }
        public long Bytes { get; set; }

        public OpenUploadUsage ToUsage() =>
            new(Bucket, ObjectKey, UploadId, DateTimeOffset.FromUnixTimeMilliseconds(InitiatedMs), InitiatorOf(Settings), (int)Parts, Bytes);
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Lifecycle batches (issue 23): one transaction per sweep batch instead of one per row, with the same guards. Aborts:
/// the state check of the per-row abort (still open) in the UPDATE's WHERE, the parts of exactly the rows it changed
/// deleted after. Expiry (never-versioned buckets only): the bucket row in key share (so its versioning cannot change
/// under the batch), the keys' guard rows in key order (the order copies take two guards in, so batches and copies cannot
/// deadlock), then only the rows whose key still holds the source read. The blob triggers fire per parts row as for the
/// per-row calls. The SQL is shared by PostgreSQL and SQLite (row values and multi-row upserts); a batch's parameters
/// stay far below either's limit.
/// </summary>
public sealed partial class SqlMetadataStore
{
    public Task<int> AbortOpenUploadsAsync(string bucket, IReadOnlyList<string> uploadIds, CancellationToken cancellationToken = default) =>
        uploadIds.Count == 0
            ? Task.FromResult(0)
            : db.WriteAsync(async (c, t) =>
            {
                var parameters = new DynamicParameters();
                parameters.Add("bucket", bucket);
                var ids = InList(parameters, "u", uploadIds.Distinct().ToList());
                var aborted = (await c.QueryAsync<string>(
                    $"UPDATE uploads SET state = 2, exclusive_key = NULL WHERE bucket = @bucket AND state = 0 AND upload_id IN {ids} RETURNING upload_id",
                    parameters, t)).ToList();
                await DiscardSourcesAsync(c, t, aborted);

                return aborted.Count;
            }, cancellationToken);

    public Task<int?> ExpireUnversionedObjectsAsync(string bucket, IReadOnlyList<ExpiringObject> objects, CancellationToken cancellationToken = default) =>
        objects.Count == 0
            ? Task.FromResult<int?>(0)
            : db.WriteAsync<int?>(async (c, t) =>
            {
                var versioning = await c.ExecuteScalarAsync<long?>($"SELECT versioning FROM buckets WHERE name = @bucket{D.ForKeyShare}", new { bucket }, t);
                if (versioning is null || (BucketVersioning)versioning.Value != BucketVersioning.Unversioned)
                {
                    return null;
                }

                // One entry per key (a key has one current object), in byte order: the guards' lock order.
                var due = objects.DistinctBy(o => o.Key).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
                var parameters = new DynamicParameters();
                parameters.Add("bucket", bucket);
                var guards = new StringBuilder();
                var pairs = new StringBuilder();
                for (var i = 0; i < due.Count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    parameters.Add("k" + n, due[i].Key);
                    parameters.Add("s" + n, due[i].SourceId);
                    guards.Append(i == 0 ? "" : ", ").Append("(@bucket, @k").Append(n).Append(", 1)");
                    pairs.Append(i == 0 ? "" : ", ").Append("(@k").Append(n).Append(", @s").Append(n).Append(')');
                }

                await LockGuardsAsync(c, t, guards.ToString(), parameters);
                var deleted = (await c.QueryAsync<string>(
                    $"DELETE FROM objects WHERE bucket = @bucket AND (object_key, source_id) IN (VALUES {pairs}) RETURNING source_id", parameters, t)).ToList();
                await DiscardSourcesAsync(c, t, deleted);

                return deleted.Count;
            }, cancellationToken);

    /// <summary>Drops every part of the sources, as <see cref="DiscardSourceAsync"/> does one's.</summary>
    private static Task DiscardSourcesAsync(DbConnection c, DbTransaction t, IReadOnlyList<string> sourceIds)
    {
        if (sourceIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var parameters = new DynamicParameters();
        return c.ExecuteAsync($"DELETE FROM parts WHERE source_id IN {InList(parameters, "p", sourceIds)}", parameters, t);
    }

    /// <summary>
    /// "(@p0, @p1, ...)" with the values added to <paramref name="parameters"/>: spelled out rather than Dapper's list
    /// expansion, which Dapper does not do on PostgreSQL (it sends an array there, which IN does not take).
    /// </summary>
    private static string InList(DynamicParameters parameters, string prefix, IReadOnlyList<string> values)
    {
        var list = new StringBuilder("(");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters.Add(name, values[i]);
            list.Append(i == 0 ? "@" : ", @").Append(name);
        }

        return list.Append(')').ToString();
    }

    /// <summary>The guard rows of a batch's keys (each write counter advanced, as every write of a key does), locked in the order given.</summary>
    private static Task LockGuardsAsync(DbConnection c, DbTransaction t, string values, DynamicParameters parameters) =>
        c.ExecuteAsync(
            $"INSERT INTO key_guards (bucket, object_key, writes) VALUES {values} ON CONFLICT (bucket, object_key) DO UPDATE SET writes = key_guards.writes + 1",
            parameters, t);
}

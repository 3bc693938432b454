using System.Text.Json;
using Dapper;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Object tagging (issue 23): the tags live in the object row's settings document, so copies and versions carry them.</summary>
public sealed partial class SqlMetadataStore
{
    public Task<bool> SetObjectTagsAsync(string bucket, string key, TagSet? tags, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Under the key's guard row, as every write of the key: a PutObject or Complete racing this either
            // committed first (its object gets the tags) or waits and replaces the object with its own settings.
            await GuardKeyAsync(c, t, bucket, key);
            var current = await ReadObjectAsync(c, t, bucket, key);
            if (current is null)
            {
                return false;
            }

            await c.ExecuteAsync(
                "UPDATE objects SET settings = @settings WHERE bucket = @bucket AND object_key = @key",
                new { bucket, key, settings = JsonSerializer.Serialize(current.Settings with { Tags = tags }, Json) }, t);
            return true;
        }, cancellationToken);
}

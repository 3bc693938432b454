using System.Threading.Channels;
using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Group commit for Initiate in concurrent buckets (PostgreSQL): requests that arrive while a batch
/// is being committed go into the next one, and each batch is one statement and one commit however
/// many uploads it carries. Under load this turns N round trips and N fsyncs into one; alone, a
/// request waits for nothing. A request that the batch does not insert (missing or exclusive
/// bucket) or a batch that fails is answered false, and the caller takes the transactional path,
/// which gives the precise answer.
/// </summary>
internal sealed class InitiateBatcher
{
    private const int MaxBatch = 256;
    private const int Committers = 2;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SqlDatabase _db;

    public InitiateBatcher(SqlDatabase db)
    {
        _db = db;
        for (var i = 0; i < Committers; i++)
        {
            _ = Task.Run(CommitLoopAsync);
        }
    }

    public Task<bool> InsertAsync(string uploadId, string bucket, string key, long initiatedMs, string settings)
    {
        var pending = new Pending(uploadId, bucket, key, initiatedMs, settings, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromResult(false);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var inserted = await CommitAsync(batch);
                foreach (var p in batch)
                {
                    p.Done.TrySetResult(inserted.Contains(p.UploadId));
                }
            }
            catch (Exception)
            {
                foreach (var p in batch)
                {
                    p.Done.TrySetResult(false);
                }
            }
        }
    }

    private Task<HashSet<string>> CommitAsync(List<Pending> batch) =>
        _db.ReadAsync(async c =>
        {
            const string sql = """
                WITH input AS (
                    SELECT * FROM unnest(@Ids, @Buckets, @Keys, @Initiated, @Settings)
                        AS t(upload_id, bucket, object_key, initiated_ms, settings)),
                ins AS (
                    INSERT INTO uploads (upload_id, bucket, object_key, state, initiated_ms, settings, exclusive_key)
                    SELECT i.upload_id, i.bucket, i.object_key, 0, i.initiated_ms, i.settings, NULL
                    FROM input i JOIN buckets b ON b.name = i.bucket AND b.rule = 0
                    FOR KEY SHARE OF b
                    RETURNING upload_id)
                SELECT upload_id FROM ins
                """;
            var ids = await c.QueryAsync<string>(sql, new
            {
                Ids = batch.Select(p => p.UploadId).ToArray(),
                Buckets = batch.Select(p => p.Bucket).ToArray(),
                Keys = batch.Select(p => p.Key).ToArray(),
                Initiated = batch.Select(p => p.InitiatedMs).ToArray(),
                Settings = batch.Select(p => p.Settings).ToArray(),
            });
            return ids.ToHashSet();
        });

    private sealed record Pending(string UploadId, string Bucket, string Key, long InitiatedMs, string Settings, TaskCompletionSource<bool> Done);
}

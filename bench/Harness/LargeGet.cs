using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// Single-stream GetObject of a large multipart object (parts of 64 MiB), beside <c>dd</c> reading
/// the service's blob files of that object. Reads are cold: before each one the page cache of the
/// files involved is dropped (<c>dd iflag=nocache count=0</c>, per file, not the machine's whole
/// cache), so each side reads from the disk; the read right after it is the warm figure.
/// </summary>
public static class LargeGet
{
    public const int PartSize = 64 * 1024 * 1024;

    /// <summary>Uploads and completes <paramref name="parts"/> parts of 64 MiB (4 at a time) under a fresh key; returns the key.</summary>
    public static async Task<string> UploadAsync(SigV4Client client, string bucket, int parts, Progress progress)
    {
        var data = new byte[PartSize];
        new Random(64).NextBytes(data);
        var key = "large-get/" + Guid.NewGuid().ToString("N");
        var uploadId = await client.InitiateAsync(bucket, key);
        var etags = new (int, string)[parts];
        var next = 0;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) <= parts)
            {
                etags[number - 1] = (number, await client.UploadPartAsync(bucket, key, uploadId, number, data));
                progress.Tick(Interlocked.Increment(ref done));
            }
        }));
        await client.CompleteAsync(bucket, key, uploadId, etags);
        return key;
    }

    /// <summary>The blob files under <paramref name="blobDirectory"/> written since <paramref name="since"/> and at least a part long: the object's parts.</summary>
    public static string[] BlobFilesSince(string blobDirectory, DateTime since, int expected)
    {
        var files = new DirectoryInfo(blobDirectory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.LastWriteTimeUtc >= since && f.Length >= PartSize)
            .Select(f => f.FullName)
            .ToArray();
        return files.Length == expected
            ? files
            : throw new InvalidOperationException($"expected {expected} blob files of the large object under {blobDirectory}, found {files.Length}");
    }

    /// <summary>One GetObject read to the end; MB/s.</summary>
    public static async Task<double> GetMbPerSecondAsync(SigV4Client client, string bucket, string key, long expectedBytes)
    {
        var buffer = new byte[1024 * 1024];
        var clock = Stopwatch.StartNew();
        var bytes = await client.GetToSinkAsync(bucket, key, buffer);
        var seconds = clock.Elapsed.TotalSeconds;
        return bytes == expectedBytes
            ? bytes / 1_000_000.0 / seconds
            : throw new InvalidOperationException($"{client.Name}: GET of {key} returned {bytes} bytes, expected {expectedBytes}");
    }

    /// <summary><c>dd bs=1M</c> reading <paramref name="files"/> one after another, as one stream would; MB/s.</summary>
    public static async Task<double> DdMbPerSecondAsync(IReadOnlyList<string> files)
    {
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            await Shell.RunAsync("dd", $"if={file} of=/dev/null bs=1M");
            bytes += new FileInfo(file).Length;
        }

        return bytes / 1_000_000.0 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Drops the page cache of these files only (posix_fadvise DONTNEED through GNU dd).</summary>
    public static async Task DropCacheAsync(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            await Shell.RunAsync("dd", $"if={file} iflag=nocache count=0 status=none");
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// <c>bench/run.sh --copy [--gib N]</c>: CopyObject of a large multipart object (N GiB in 1 GiB parts, default 5)
/// against CopyObject of a 5 MiB object, through AWSSDK.S3 against the service on its SQLite default, median
/// of 5 each; and UploadPartCopy of one whole 1 GiB part (shared) against a 64 MiB range that cuts a part
/// (copied). A copy is a manifest, so the ratio large/small should stay near 1 whatever N is. Separate from
/// the regular run: building the object writes N GiB to disk.
/// </summary>
public static class CopyBench
{
    private const int Repeats = 5;
    private const long GiB = 1024L * 1024 * 1024;
    private const int MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string root, int gib)
    {
        var clock = Stopwatch.StartNew();
        void Step(string text) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text}");
        var work = Directory.CreateTempSubdirectory("omp-copybench-").FullName;
        Process? silo = null;
        try
        {
            Step("building the service (Release)");
            await Shell.RunAsync("dotnet", "build Silo/Silo.csproj -c Release -nologo -v quiet", root);
            const string ak = "bench-access-key", sk = "bench-secret-key";
            var siloDll = Path.Combine(root, "Silo", "bin", "Release", "net10.0", "Orleans.Multipart.Silo.dll");
            var port = Shell.FreePort();
            silo = Shell.Start("dotnet",
                $"{siloDll} --urls http://127.0.0.1:{port} --environment Production --Storage:Provider Sqlite --Storage:DataPath {Path.Combine(work, "data")} " +
                $"--Orleans:SiloPort {Shell.FreePort()} --Orleans:GatewayPort {Shell.FreePort()} --Orleans:AdvertisedIPAddress 127.0.0.1 " +
                $"--Auth:RootAccessKey {ak} --Auth:RootSecretKey {sk} --Logging:LogLevel:Default Warning",
                Path.Combine(work, "service.log"), Path.GetDirectoryName(siloDll));
            await Shell.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TimeSpan.FromSeconds(60), r => r.IsSuccessStatusCode);
            using var s3 = new AmazonS3Client(new BasicAWSCredentials(ak, sk), new AmazonS3Config
            {
                ServiceURL = $"http://127.0.0.1:{port}",
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                Timeout = TimeSpan.FromMinutes(10),
            });
            await s3.PutBucketAsync("copy");

            Step($"building a {gib} GiB object: {gib} parts of 1 GiB (UploadPart, fsync on)");
            var pattern = new byte[MiB];
            new Random(1).NextBytes(pattern);
            var uploadId = (await s3.InitiateMultipartUploadAsync("copy", "large")).UploadId;
            var parts = new List<PartETag>();
            var build = Stopwatch.StartNew();
            for (var n = 1; n <= gib; n++)
            {
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = "copy", Key = "large", UploadId = uploadId, PartNumber = n, InputStream = new RepeatingStream(pattern, GiB, n), PartSize = GiB,
                });
                parts.Add(new PartETag(n, part.ETag));
                Step($"  part {n}/{gib}");
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "copy", Key = "large", UploadId = uploadId, PartETags = parts });
            var buildSeconds = build.Elapsed.TotalSeconds;
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "copy", Key = "small", InputStream = new MemoryStream(pattern.Concat(pattern).Concat(pattern).Concat(pattern).Concat(pattern).ToArray()) });

            Step($"CopyObject, {Repeats} times each (first a warm-up copy)");
            await s3.CopyObjectAsync("copy", "small", "copy", "warm-up");
            var large = await MedianMsAsync(i => s3.CopyObjectAsync("copy", "large", "copy", $"large-copy-{i}"));
            var small = await MedianMsAsync(i => s3.CopyObjectAsync("copy", "small", "copy", $"small-copy-{i}"));
            var largeHead = await s3.GetObjectMetadataAsync("copy", "large-copy-0");

            Step($"UploadPartCopy, {Repeats} times each: a whole 1 GiB part (shared) and a 64 MiB range cutting a part (byte copy)");
            var target = (await s3.InitiateMultipartUploadAsync("copy", "parts")).UploadId;
            var wholePart = await MedianMsAsync(i => s3.CopyPartAsync(new CopyPartRequest
            {
                SourceBucket = "copy", SourceKey = "large", DestinationBucket = "copy", DestinationKey = "parts", UploadId = target, PartNumber = i + 1, FirstByte = 0, LastByte = GiB - 1,
            }));
            var rangeCopy = await MedianMsAsync(i => s3.CopyPartAsync(new CopyPartRequest
            {
                SourceBucket = "copy", SourceKey = "large", DestinationBucket = "copy", DestinationKey = "parts", UploadId = target, PartNumber = i + 11, FirstByte = MiB, LastByte = MiB + 64L * MiB - 1,
            }));

            var results = new JsonObject
            {
                ["date"] = DateTimeOffset.UtcNow.ToString("o"),
                ["large_object_bytes"] = largeHead.ContentLength,
                ["large_object_parts"] = gib,
                ["build_large_object_s"] = Math.Round(buildSeconds, 1),
                ["copy_object_large_ms_median"] = Math.Round(large, 2),
                ["copy_object_5mib_ms_median"] = Math.Round(small, 2),
                ["copy_object_ratio_large_vs_5mib"] = Math.Round(large / small, 3),
                ["copy_part_whole_1gib_ms_median"] = Math.Round(wholePart, 2),
                ["copy_part_range_64mib_ms_median"] = Math.Round(rangeCopy, 2),
            };
            Console.WriteLine($"{"figure",-34} {"value",12}");
            foreach (var (key, value) in results)
            {
                Console.WriteLine($"{key,-34} {value,12}");
            }

            var path = Path.Combine(root, "bench", "results", "copy-latest.json");
            await File.WriteAllTextAsync(path, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Step($"wrote {Path.GetRelativePath(root, path)}");
            return 0;
        }
        finally
        {
            if (silo is { HasExited: false })
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<double> MedianMsAsync(Func<int, Task> call)
    {
        var times = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await call(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[Repeats / 2];
    }

    /// <summary>A seekable stream of <c>length</c> bytes repeating a pattern (rotated by <c>seed</c>), so a 1 GiB part needs no 1 GiB buffer.</summary>
    private sealed class RepeatingStream(byte[] pattern, long length, int seed) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = (int)Math.Min(count, length - _position);
            for (var done = 0; done < total;)
            {
                var at = (int)((_position + seed) % pattern.Length);
                var take = Math.Min(total - done, pattern.Length - at);
                Buffer.BlockCopy(pattern, at, buffer, offset + done, take);
                done += take;
                _position += take;
            }

            return total;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

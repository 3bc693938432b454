using System.Diagnostics;
using System.Net.Sockets;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Every silo behind the standalone gateway killed with -9: the cluster is not reachable, which is a
/// fault that clears by itself, so every dialect answers 503 in its own error document with
/// Retry-After (never 500 InternalError, never 400 IncompleteBody for a body sent whole while the
/// cluster went away), and the gateway's /readyz says 503. Its own cluster: nothing runs after the kills.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterUnreachableTests(DialectProcessCluster cluster, ITestOutputHelper output) : IClassFixture<DialectProcessCluster>
{
    [Fact]
    public async Task WithEverySiloKilledTheGatewayAnswers503InEveryDialectWithRetryAfter()
    {
        // Before: a bucket and an open upload per dialect, through the gateway.
        var prepared = new Dictionary<string, (VendorClient Client, string Bucket, string UploadId)>();
        foreach (var dialect in DialectUnderTest.All.Values)
        {
            var client = DialectProcessCluster.Client(dialect, cluster.Gateway);
            var bucket = dialect.BucketPrefix + "down" + dialect.BucketSuffix;
            var created = await client.SendAsync(HttpMethod.Put, "/" + bucket);
            Assert.True(created.Status == 200, $"{dialect.Name} create bucket: {created.Status} {created.Text}");
            var initiated = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
            Assert.True(initiated.Status == 200, $"{dialect.Name} initiate: {initiated.Status} {initiated.Text}");
            prepared[dialect.Name] = (client, bucket, DialectProcessCluster.UploadId(dialect.Name, initiated));
        }

        // A part upload through the gateway whose body is half sent when the silos die, the rest trickling
        // in afterwards (slower than any idle timeout would cut, so the body arrives whole).
        var s3 = prepared["s3"];
        using var socket = new TcpClient();
        await socket.ConnectAsync(cluster.Gateway.Host, cluster.Gateway.Port);
        using var raw = new RawHttp(socket);
        var body = new byte[4096];
        Random.Shared.NextBytes(body);
        await raw.SendAsync(DialectProcessCluster.SignedS3Head(cluster.Gateway, HttpMethod.Put, $"/{s3.Bucket}/k?partNumber=1&uploadId={s3.UploadId}", body.Length), body[..2048]);

        for (var silo = 1; silo <= ProcessCluster.Silos; silo++)
        {
            await cluster.RunCheckedAsync("kill", silo.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var clock = Stopwatch.StartNew();
        for (var offset = 2048; offset < body.Length; offset += 512)
        {
            await raw.SendAsync("", body[offset..(offset + 512)]);
            await Task.Delay(200);
        }

        var midBody = await raw.ReadResponseAsync();
        Assert.NotNull(midBody);
        output.WriteLine($"part whose body spanned the kills: {midBody.Status} {midBody.Body}");
        Assert.True(midBody.Status == 503 && midBody.Body.Contains("<Code>ServiceUnavailable</Code>", StringComparison.Ordinal),
            $"a part sent whole while the cluster went away: {midBody.Status} {midBody.Body}");
        Assert.True(midBody.Headers.ContainsKey("retry-after"), "the 503 has no Retry-After");

        // Every dialect, a request of each kind that needs the cluster: 503 in the dialect's document, with Retry-After.
        var answers = new List<string>();
        foreach (var (name, (client, bucket, uploadId)) in prepared)
        {
            var dialect = DialectUnderTest.All[name];
            var (uploadIdName, partNumberName, first) = DialectProcessCluster.MultipartNames(name);
            var requests = new (string What, Func<Task<Reply>> Send)[]
            {
                ("create bucket", () => client.SendAsync(HttpMethod.Put, "/" + dialect.BucketPrefix + "new" + dialect.BucketSuffix)),
                ("initiate", () => client.SendAsync(HttpMethod.Post, $"/{bucket}/other", "uploads")),
                ("upload part", () => client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"{partNumberName}={first}&{uploadIdName}={uploadId}", [1, 2, 3])),
                ("list parts", () => client.SendAsync(HttpMethod.Get, $"/{bucket}/k", $"{uploadIdName}={uploadId}")),
                ("get object", () => client.SendAsync(HttpMethod.Get, $"/{bucket}/k")),
            };
            foreach (var (what, send) in requests)
            {
                var started = clock.ElapsedMilliseconds;
                var reply = await send();
                answers.Add($"{name} {what}: {reply.Status} {dialect.ErrorCode(reply)} in {clock.ElapsedMilliseconds - started} ms");
                dialect.AssertError(reply, 503, DialectProcessCluster.UnavailableCode(name));
                Assert.True(reply.Header("retry-after") is { Length: > 0 }, $"{name} {what}: 503 without Retry-After");
            }
        }

        output.WriteLine(string.Join('\n', answers));

        // The gateway's /readyz says it cannot serve (a load balancer takes it out).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var readyz = await http.GetAsync(new Uri(cluster.Gateway, "readyz"));
        output.WriteLine($"gateway /readyz: {(int)readyz.StatusCode} {await readyz.Content.ReadAsStringAsync()}");
        Assert.Equal(503, (int)readyz.StatusCode);
        var errors = cluster.Errors();
        Assert.DoesNotContain("automatic draining", errors, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A real browser uploads a file in parts: samples/browser-upload, served from its own origin
/// (http://localhost:&lt;port&gt;, the service on http://127.0.0.1:&lt;port&gt;), PUTs each slice with fetch to a
/// presigned UploadPart URL and reads the part's ETag from the answer, in headless chromium driven by
/// scripts/dashboard-browser/browser-upload.mjs (the dashboard test's playwright-core and chromium). The
/// test completes with those ETags and reads the object back byte for byte. Without an exposing rule the
/// page cannot read the ETag; without any rule the preflight fails and so does every fetch.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class BrowserUploadTests(SqliteServiceFixture fixture, ITestOutputHelper output) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const int PartSize = 5 * MiB;

    [Fact]
    public async Task APageOnAnotherOriginUploadsPartsAndReadsTheirETagsOnlyWhereTheRulesExposeThem()
    {
        var script = Path.Combine(ProcessCluster.RepositoryRoot, "scripts", "dashboard-browser", "browser-upload.mjs");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "playwright-core", "package.json")),
            "playwright-core is missing: run scripts/install-dashboard-browser.sh (test.sh does)");

        using var heldPagePort = new HeldPorts(1);
        var pagePort = heldPagePort[0];
        var origin = $"http://localhost:{pagePort}";
        Assert.NotEqual(new Uri(origin).Authority, Host.BaseAddress.Authority); // the page and the service are different origins

        var content = RandomBytes((3 * PartSize) + (1 * MiB) + 12345, 42); // three full parts and a smaller last one
        var file = Path.Combine(Host.DataPath, $"browser-upload-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, content);
        var partCount = (content.Length + PartSize - 1) / PartSize;

        var exposed = await BucketAsync(new CORSRule { AllowedOrigins = [origin], AllowedMethods = ["PUT"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 60 });
        var hidden = await BucketAsync(new CORSRule { AllowedOrigins = [origin], AllowedMethods = ["PUT"] });
        var none = await BucketAsync(null);
        var uploads = new Dictionary<string, (string Bucket, string UploadId)>();
        var scenarios = new List<object>();
        foreach (var (name, bucket) in new[] { ("exposed", exposed), ("hidden", hidden), ("none", none) })
        {
            var uploadId = await InitiateAsync(bucket, "from-the-browser.bin");
            uploads[name] = (bucket, uploadId);
            var urls = Enumerable.Range(1, partCount).Select(n => S3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = bucket, Key = "from-the-browser.bin", Verb = HttpVerb.PUT, UploadId = uploadId, PartNumber = n,
                Expires = DateTime.UtcNow.AddMinutes(15), Protocol = Protocol.HTTP,
            })).ToList();
            scenarios.Add(new { name, urls });
        }

        var run = await RunPageAsync(script, heldPagePort, file, new { port = pagePort, file, partSize = PartSize, scenarios });

        Assert.True(run.ExitCode == 0, run.Output);
        var results = JsonSerializer.Deserialize<Scenario[]>(run.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!.ToDictionary(s => s.Name);
        foreach (var scenario in results.Values)
        {
            output.WriteLine($"{scenario.Name} from {scenario.Origin}: " + string.Join("; ", scenario.Parts.Select(p => $"{p.PartNumber} {p.Status} {p.Etag ?? p.Error ?? "no ETag"}")));
            Assert.Equal(origin, scenario.Origin);
        }

        // Exposed: every part stored, its ETag read by the page is the MD5 of its slice; the test completes with them.
        var parts = results["exposed"].Parts;
        Assert.Equal(partCount, parts.Length);
        for (var i = 0; i < partCount; i++)
        {
            var slice = content.AsSpan(i * PartSize, Math.Min(PartSize, content.Length - (i * PartSize)));
            Assert.Equal(200, parts[i].Status);
            Assert.Equal(slice.Length, parts[i].Size);
            Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(slice)) + "\"", parts[i].Etag);
        }

        var (bucketName, upload) = uploads["exposed"];
        var completed = await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucketName, Key = "from-the-browser.bin", UploadId = upload,
            PartETags = parts.Select(p => new PartETag(p.PartNumber, p.Etag!)).ToList(),
        });
        Assert.EndsWith($"-{partCount}\"", completed.ETag, StringComparison.Ordinal);
        using (var read = await S3.GetObjectAsync(bucketName, "from-the-browser.bin"))
        using (var copy = new MemoryStream())
        {
            await read.ResponseStream.CopyToAsync(copy);
            Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()), "the object read back differs from the file the browser uploaded");
        }

        // Hidden: the rule lets the PUTs through (the parts are stored) but the page cannot read their ETags.
        Assert.All(results["hidden"].Parts, p =>
        {
            Assert.Equal(200, p.Status);
            Assert.Null(p.Etag);
        });
        var stored = await S3.ListPartsAsync(new ListPartsRequest { BucketName = uploads["hidden"].Bucket, Key = "from-the-browser.bin", UploadId = uploads["hidden"].UploadId });
        Assert.Equal(partCount, stored.Parts.Count);

        // None: the preflight is refused, the browser never sends a PUT, and nothing is stored.
        Assert.All(results["none"].Parts, p =>
        {
            Assert.Equal(0, p.Status);
            Assert.Contains("Failed to fetch", p.Error, StringComparison.Ordinal);
        });
        var nothing = await S3.ListPartsAsync(new ListPartsRequest { BucketName = uploads["none"].Bucket, Key = "from-the-browser.bin", UploadId = uploads["none"].UploadId });
        Assert.Empty(nothing.Parts ?? []);
        Assert.Contains(results["none"].Console, m => m.Contains("CORS", StringComparison.Ordinal));
    }

    /// <summary>
    /// POST Object from the browser itself: a page on another origin holds an HTML form with a SigV4-signed
    /// policy (bucket, key prefix, ${filename}, size range), chromium submits it with the picked file, the
    /// service answers 201 with a PostResponse, and the object reads back byte for byte.
    /// </summary>
    [Fact]
    public async Task ABrowserFormWithASignedPolicyUploadsTheFile()
    {
        var script = Path.Combine(ProcessCluster.RepositoryRoot, "scripts", "dashboard-browser", "form-upload.mjs");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "playwright-core", "package.json")),
            "playwright-core is missing: run scripts/install-dashboard-browser.sh (test.sh does)");

        var bucket = await NewBucketAsync();
        var content = RandomBytes((7 * MiB) + 4321, 43);
        var file = Path.Combine(Host.DataPath, $"form-upload-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, content);

        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var credential = $"{ServiceHost.AccessKey}/{date}/us-east-1/s3/aws4_request";
        var policy = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
        {
            expiration = now.AddMinutes(15).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            conditions = new object[]
            {
                new Dictionary<string, string> { ["bucket"] = bucket },
                new object[] { "starts-with", "$key", "browser/" },
                new Dictionary<string, string> { ["success_action_status"] = "201" },
                new Dictionary<string, string> { ["x-amz-algorithm"] = "AWS4-HMAC-SHA256" },
                new Dictionary<string, string> { ["x-amz-credential"] = credential },
                new Dictionary<string, string> { ["x-amz-date"] = amzDate },
                new object[] { "content-length-range", 1, 16 * MiB },
            },
        }));
        var signingKey = HmacSha256(HmacSha256(HmacSha256(HmacSha256(System.Text.Encoding.UTF8.GetBytes("AWS4" + ServiceHost.SecretKey), date), "us-east-1"), "s3"), "aws4_request");
        var fields = new Dictionary<string, string>
        {
            ["key"] = "browser/${filename}",
            ["success_action_status"] = "201",
            ["x-amz-algorithm"] = "AWS4-HMAC-SHA256",
            ["x-amz-credential"] = credential,
            ["x-amz-date"] = amzDate,
            ["policy"] = policy,
            ["x-amz-signature"] = Convert.ToHexStringLower(HmacSha256(signingKey, policy)),
        };

        using var heldPagePort = new HeldPorts(1);
        var pagePort = heldPagePort[0];
        var run = await RunPageAsync(script, heldPagePort, file, new { port = pagePort, file, action = new Uri(Host.BaseAddress, bucket).ToString(), fields });

        Assert.True(run.ExitCode == 0, run.Output);
        var answer = JsonSerializer.Deserialize<FormAnswer>(run.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        output.WriteLine($"the browser's form from {answer.Origin}: {answer.Status} {answer.Body}");
        Assert.Equal($"http://localhost:{pagePort}", answer.Origin);
        Assert.Equal(201, answer.Status);
        var key = "browser/" + Path.GetFileName(file);
        Assert.Contains($"<Key>{key}</Key>", answer.Body, StringComparison.Ordinal);
        Assert.Equal(content, await GetBytesAsync(bucket, key));
    }

    /// <summary>
    /// Runs a page script with node: its spec (the page's port, the file to upload, what to do) goes in a
    /// JSON file; the held port is released just before, since the page's server binds it. The file and
    /// the spec are deleted afterwards whatever happens.
    /// </summary>
    private async Task<ExternalClient.Result> RunPageAsync(string script, HeldPorts heldPagePort, string file, object pageSpec)
    {
        var spec = Path.Combine(Host.DataPath, $"page-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(pageSpec));
            heldPagePort.Release();
            return await ExternalClient.RunAsync("node", [script, spec]);
        }
        finally
        {
            File.Delete(file);
            File.Delete(spec);
        }
    }

    private static byte[] HmacSha256(byte[] key, string data) => HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(data));

    private async Task<string> BucketAsync(CORSRule? rule)
    {
        var bucket = await NewBucketAsync();
        if (rule is not null)
        {
            await S3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = bucket, Configuration = new CORSConfiguration { Rules = [rule] } });
        }

        return bucket;
    }

    private sealed record Part(int PartNumber, int Size, int Status, string? Etag, string? Error);

    private sealed record Scenario(string Name, string Origin, Part[] Parts, string[] Console);

    private sealed record FormAnswer(string Origin, int Status, string? Location, string Body);
}

using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The built omp-admin, run as a process against a real service: JSON and table output, errors and exit codes, bulk abort with progress.</summary>
public sealed class AdminCliTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(StoreKind.Sqlite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task BucketsCreateListAndDelete()
    {
        var cli = new AdminCli(_host.BaseAddress);

        var created = await cli.JsonAsync("buckets", "create", "cli-made", "--rule", "exclusive");
        Assert.Equal("cli-made", created!["name"]!.GetValue<string>());
        Assert.Equal("exclusive", created["rule"]!.GetValue<string>());
        using var s3 = _host.CreateS3Client();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "cli-made", Key = "k", ContentBody = new string('z', 321) });

        var listed = (await cli.JsonAsync("buckets", "list"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "cli-made")!;
        Assert.Equal(321, listed["bytes"]!.GetValue<long>());
        var table = await cli.RunAsync("buckets", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("cli-made", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("exclusive", table.Stdout, StringComparison.Ordinal);

        var notEmpty = await cli.RunAsync("buckets", "delete", "cli-made");
        Assert.Equal(1, notEmpty.ExitCode);
        Assert.Contains("BucketNotEmpty", notEmpty.Stderr, StringComparison.Ordinal);
        await s3.DeleteObjectAsync("cli-made", "k");
        Assert.Equal("cli-made", (await cli.JsonAsync("buckets", "delete", "cli-made"))!["deleted"]!.GetValue<string>());
        Assert.DoesNotContain((await s3.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == "cli-made");
    }

    [Fact]
    public async Task GrantsAndPolicyAreSetThroughTheCli()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("cli-access");
        var cli = new AdminCli(_host.BaseAddress);

        var grants = await cli.JsonAsync("grants", "set", "cli-access", "--grant", "read=all-users", "--grant", "full-control=account:someone");
        Assert.Equal(2, grants!["grants"]!.AsArray().Count);
        var shown = await cli.RunAsync("grants", "get", "cli-access");
        Assert.Contains("all-users", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("account:someone", shown.Stdout, StringComparison.Ordinal);
        var bad = await cli.RunAsync("grants", "set", "cli-access", "--grant", "read=everyone");
        Assert.Equal(2, bad.ExitCode);

        var file = Path.GetTempFileName();
        const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::cli-access/*"}]}""";
        await File.WriteAllTextAsync(file, Policy);
        try
        {
            await cli.JsonAsync("policy", "set", "cli-access", file);
            Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(Policy)!.ToJsonString(), (await cli.JsonAsync("policy", "get", "cli-access"))!.ToJsonString());
            await cli.JsonAsync("policy", "delete", "cli-access");
            var none = await cli.RunAsync("policy", "get", "cli-access");
            Assert.Equal(1, none.ExitCode);
            Assert.Contains("NoSuchBucketPolicy", none.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task UploadsOlderThanAreAbortedInBulkWithProgress()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("cli-uploads");
        await s3.PutBucketAsync("cli-uploads-kept");
        for (var i = 0; i < 5; i++)
        {
            var upload = await s3.InitiateMultipartUploadAsync("cli-uploads", $"key-{i}");
            await s3.UploadPartAsync(new UploadPartRequest { BucketName = "cli-uploads", Key = $"key-{i}", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        }

        var kept = await s3.InitiateMultipartUploadAsync("cli-uploads-kept", "stays");
        var cli = new AdminCli(_host.BaseAddress);

        var listed = (await cli.JsonAsync("uploads", "list", "--older-than", "0s", "--bucket", "cli-uploads"))!.AsArray();
        Assert.Equal(5, listed.Count);
        Assert.All(listed, u => Assert.Equal(100, u!["bytes"]!.GetValue<long>()));
        Assert.Empty((await cli.JsonAsync("uploads", "list", "--older-than", "1d"))!.AsArray());

        var aborted = await cli.RunAsync("uploads", "abort", "--older-than", "0s", "--bucket", "cli-uploads", "--yes");

        Assert.True(aborted.ExitCode == 0, aborted.Output);
        Assert.Contains("5 upload(s) aborted", aborted.Stdout, StringComparison.Ordinal);
        Assert.Empty((await s3.ListMultipartUploadsAsync("cli-uploads")).MultipartUploads ?? []);
        Assert.Equal(kept.UploadId, Assert.Single((await s3.ListMultipartUploadsAsync("cli-uploads-kept")).MultipartUploads).UploadId);

        var one = await cli.JsonAsync("uploads", "abort", "--bucket", "cli-uploads-kept", "--key", "stays", "--upload-id", kept.UploadId);
        Assert.Equal(1, one!["aborted"]!.GetValue<int>());
        Assert.Empty((await s3.ListMultipartUploadsAsync("cli-uploads-kept")).MultipartUploads ?? []);
    }

    [Fact]
    public async Task UploadsListShowsTheBytesTheirPartsHoldAndTheirTotal()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("cli-stale");
        var sizes = new Dictionary<string, int[]> { ["one"] = [1500], ["two"] = [2048, 1000], ["none"] = [] };
        foreach (var (key, parts) in sizes)
        {
            var upload = await s3.InitiateMultipartUploadAsync("cli-stale", key);
            for (var i = 0; i < parts.Length; i++)
            {
                await s3.UploadPartAsync(new UploadPartRequest { BucketName = "cli-stale", Key = key, UploadId = upload.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(new byte[parts[i]]) });
            }
        }

        var cli = new AdminCli(_host.BaseAddress);
        var table = await cli.RunAsync("uploads", "list", "--older-than", "0s", "--bucket", "cli-stale");

        Assert.True(table.ExitCode == 0, table.Output);
        var rows = table.Stdout.Split('\n');
        Assert.Contains(rows, r => r.Contains("one", StringComparison.Ordinal) && r.Contains("1,500", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("two", StringComparison.Ordinal) && r.Contains("3,048", StringComparison.Ordinal));
        Assert.Contains("3 open upload(s) older than 0s holding 4,548 bytes (4.4 KiB).", table.Stdout, StringComparison.Ordinal);

        // Stopped at --limit: the total is of the oldest uploads only, and the line says so.
        var limited = await cli.RunAsync("uploads", "list", "--older-than", "0s", "--bucket", "cli-stale", "--limit", "1");
        Assert.True(limited.Stdout.Contains("1 open upload(s) older than 0s holding 1,500 bytes (1.5 KiB) (only the oldest 1 are listed: raise --limit to see more).", StringComparison.Ordinal), limited.Output);
    }

    [Fact]
    public async Task RefusalsAndBadCommandLinesHaveTheirExitCodes()
    {
        var wrongSecret = await new AdminCli(_host.BaseAddress, secretKey: "not-the-secret").RunAsync("buckets", "list");
        Assert.Equal(1, wrongSecret.ExitCode);
        Assert.Contains("SignatureDoesNotMatch", wrongSecret.Stderr, StringComparison.Ordinal);

        var noKey = await new AdminCli(_host.BaseAddress, accessKey: "", secretKey: "").RunAsync("buckets", "list");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("OMP_ADMIN_ACCESS_KEY", noKey.Stderr, StringComparison.Ordinal);

        var unreachable = await new AdminCli(new Uri("http://127.0.0.1:1/")).RunAsync("buckets", "list");
        Assert.Equal(2, unreachable.ExitCode);

        var missing = await new AdminCli(_host.BaseAddress).RunAsync("buckets", "delete", "cli-never-made");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("NoSuchBucket", missing.Stderr, StringComparison.Ordinal);
    }
}

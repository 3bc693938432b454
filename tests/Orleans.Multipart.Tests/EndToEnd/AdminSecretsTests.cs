using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// No secret reaches a log or the CLI's output: a whole run (accounts and keys made, rotated, disabled, deleted
/// with omp-admin; the keys used, well and badly, with AWSSDK.S3; listings and refusals), every log line the
/// service wrote at Debug and every line the CLI printed captured, and each secret made searched for. The one
/// answer that shows a secret (its create or rotate) is the only place it may appear.
/// </summary>
public sealed class AdminSecretsTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Orleans.Multipart"] = "Debug",
        });
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task NoSecretMadeReachesALogOrTheCliOutput()
    {
        var cli = new AdminCli(_host.BaseAddress);
        var shown = new List<ExternalClient.Result>();
        var secrets = new List<string>();

        async Task<(string AccessKey, string Secret)> ShowsSecretAsync(params string[] args)
        {
            var result = await cli.RunAsync([.. args, "--json"]);
            Assert.True(result.ExitCode == 0, result.Output);
            shown.Add(result);
            var key = JsonNode.Parse(result.Stdout)!;
            secrets.Add(key["secretKey"]!.GetValue<string>());
            return (key["accessKeyId"]!.GetValue<string>(), key["secretKey"]!.GetValue<string>());
        }

        await cli.JsonAsync("accounts", "create", "writer", "--display-name", "Writer");
        await cli.JsonAsync("accounts", "create", "reader");
        var writer = await ShowsSecretAsync("keys", "create", "writer");
        var reader = await ShowsSecretAsync("keys", "create", "reader");
        var spare = await ShowsSecretAsync("keys", "create", "writer");

        // The keys at work, and refused.
        using (var s3 = _host.CreateS3Client(writer.Secret, writer.AccessKey))
        {
            await s3.PutBucketAsync("secrets-bucket");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "secrets-bucket", Key = "k", ContentBody = "body" });
            var upload = await s3.InitiateMultipartUploadAsync("secrets-bucket", "mp");
            await s3.UploadPartAsync(new UploadPartRequest { BucketName = "secrets-bucket", Key = "mp", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        }

        using (var s3 = _host.CreateS3Client(reader.Secret, reader.AccessKey))
        {
            await Swallow(() => s3.GetObjectAsync("secrets-bucket", "k"));
            await Swallow(() => s3.DeleteObjectAsync("secrets-bucket", "k"));
        }

        using (var wrong = _host.CreateS3Client(reader.Secret, writer.AccessKey))
        {
            await Swallow(() => wrong.ListBucketsAsync());
        }

        var rotated = await ShowsSecretAsync("keys", "rotate", writer.AccessKey);
        using (var old = _host.CreateS3Client(writer.Secret, writer.AccessKey))
        {
            await Swallow(() => old.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "secrets-bucket" }));
        }

        using (var s3 = _host.CreateS3Client(rotated.Secret, writer.AccessKey))
        {
            await Swallow(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "secrets-bucket" }));
        }

        // The admin API with the made keys (a non-administrator: refused) and the CLI's listings and changes.
        await new AdminCli(_host.BaseAddress, reader.AccessKey, reader.Secret).RunAsync("accounts", "list");
        await new AdminCli(_host.BaseAddress, writer.AccessKey, writer.Secret).RunAsync("keys", "list");
        foreach (var args in new[]
        {
            new[] { "accounts", "list" }, ["keys", "list"], ["keys", "list", "--account", "writer"], ["buckets", "list"],
            ["uploads", "list", "--older-than", "0s"], ["grants", "get", "secrets-bucket"],
            ["keys", "disable", spare.AccessKey], ["keys", "enable", spare.AccessKey], ["accounts", "disable", "reader"],
            ["keys", "delete", spare.AccessKey], ["accounts", "enable", "reader"],
        })
        {
            Assert.True((await cli.RunAsync(args)).ExitCode == 0);
            if (args[1] is "list" or "get")
            {
                Assert.True((await cli.RunAsync([.. args, "--json"])).ExitCode == 0);
            }
        }

        Assert.Equal(4, secrets.Distinct().Count());
        Assert.True(_logs.Entries.Count > 20, $"only {_logs.Entries.Count} log entries were captured");
        Assert.Contains(_logs.Entries, e => e.Category == "Orleans.Multipart.Gateway.Admin.Audit" && e["Action"] == "key.rotate" && e["Resource"] == "key/" + writer.AccessKey);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal)
                || e.Values.Values.Any(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)?.Contains(secret, StringComparison.Ordinal) == true));
            Assert.DoesNotContain(cli.Runs.Except(shown), r => r.Output.Contains(secret, StringComparison.Ordinal));
            Assert.Single(shown, r => r.Output.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>Runs a call whose outcome this test does not judge (authorization is other tests' subject): only what it logs.</summary>
    private static async Task Swallow(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AmazonS3Exception)
        {
        }
    }
}

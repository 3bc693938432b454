using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Every refusal by access control is one structured audit line (dialect, account, access key id, action, resource,
/// decision, request id; never a secret) and one count in <c>omp_access_denied_total{dialect,action}</c>, whether the
/// gateway refused it or a grain did (another account's upload).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class AccessAuditTests
{
    private const string AuditCategory = "Orleans.Multipart.Gateway.Pipeline.AccessAudit";

    [Fact]
    public async Task EachRefusalIsOneAuditLineAndOneCount()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Logging:LogLevel:" + AuditCategory] = "Information" }, null, builder =>
        builder.Logging.AddProvider(logs));
        var (a, b) = await TestAccounts.CreateAsync(host);
        using var http = host.CreateHttpClient();
        var owner = new S3RawClient(host) { AccessKey = a.AccessKey, SecretKey = a.SecretKey };
        var other = new S3RawClient(host) { AccessKey = b.AccessKey, SecretKey = b.SecretKey };
        var bucket = "audit-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(200, (await owner.SendAsync(HttpMethod.Put, $"/{bucket}")).Status);
        Assert.Equal(200, (await owner.SendAsync(HttpMethod.Put, $"/{bucket}/object", body: [1, 2, 3])).Status);
        var init = await owner.SendAsync(HttpMethod.Post, $"/{bucket}/upload", "uploads");
        var uploadId = DialectProcessCluster.UploadId("s3", init);
        var before = await ScrapeAsync(http);

        // Refused by the gateway: B may not read A's object.
        var read = await other.SendAsync(HttpMethod.Get, $"/{bucket}/object");
        Assert.Equal(403, read.Status);
        var line = await logs.WaitForAsync(e => e.Category == AuditCategory && e["RequestId"] == read.Header("x-amz-request-id"));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("s3", line["Dialect"]);
        Assert.Equal(b.AccountId, line["Account"]);
        Assert.Equal(b.AccessKey, line["AccessKeyId"]);
        Assert.Equal("s3:GetObject", line["Action"]);
        Assert.Equal($"{bucket}/object", line["Resource"]);
        Assert.Equal("NotAllowed", line["Decision"]);

        // Refused by the upload's grain: B, granted WRITE on the bucket, may still not list A's upload.
        await host.Get<IGrainFactory>().GetGrain<IBucketGrain>(bucket).SetAcl(new AccessControlList(a.AccountId,
            [new Grant(Grantee.Account(a.AccountId), AclPermission.FullControl), new Grant(Grantee.Account(b.AccountId), AclPermission.Write)]));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await other.SendAsync(HttpMethod.Post, $"/{bucket}/b-own", "uploads")).Status != 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // the gateway keeps the bucket's grants for up to a second
        }

        var parts = await other.SendAsync(HttpMethod.Get, $"/{bucket}/upload", $"uploadId={uploadId}");
        Assert.Equal(403, parts.Status);
        var grainLine = await logs.WaitForAsync(e => e.Category == AuditCategory && e["RequestId"] == parts.Header("x-amz-request-id"));
        Assert.Equal(("s3:ListMultipartUploadParts", $"{bucket}/upload", b.AccountId), (grainLine["Action"], grainLine["Resource"], grainLine["Account"]));

        // An unsigned request's line names the anonymous account and no key.
        var anonymous = new S3RawClient(host) { Sign = false };
        var unsigned = await anonymous.SendAsync(HttpMethod.Delete, $"/{bucket}/object");
        Assert.Equal(403, unsigned.Status);
        var anonymousLine = await logs.WaitForAsync(e => e.Category == AuditCategory && e["RequestId"] == unsigned.Header("x-amz-request-id"));
        Assert.Equal((AccountIds.Anonymous, "-", "s3:DeleteObject"), (anonymousLine["Account"], anonymousLine["AccessKeyId"], anonymousLine["Action"]));

        var after = await ScrapeAsync(http);
        double Moved(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        Assert.Equal(1, Moved("omp_access_denied_total{action=\"s3:GetObject\",dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_access_denied_total{action=\"s3:DeleteObject\",dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_access_denied_total{action=\"s3:ListMultipartUploadParts\",dialect=\"s3\"}"));

        // No secret in any line the run wrote.
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(a.SecretKey, StringComparison.Ordinal) || e.Message.Contains(b.SecretKey, StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/-/metrics");
        response.EnsureSuccessStatusCode();
        var series = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success)
            {
                var labels = string.Join(",", match.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("otel_scope", StringComparison.Ordinal)));
                var name = match.Groups["name"].Value + (labels.Length > 0 ? "{" + labels + "}" : "");
                series[name] = series.GetValueOrDefault(name) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return series;
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(?<labels>[^}]*)\\})? (?<value>[^ ]+)")]
    private static partial Regex SampleLine();
}

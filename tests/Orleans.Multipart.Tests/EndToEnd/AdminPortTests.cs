using System.Net;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Admin:Port confines the admin API to one listener; Admin:Enabled=false removes it.</summary>
public sealed class AdminPortTests
{
    [Fact]
    public async Task WithAnAdminPortTheApiAnswersOnlyThere()
    {
        using var ports = new HeldPorts(2);
        var (objectPort, adminPort) = (ports[0], ports[1]);
        ports.Release();
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{objectPort};http://127.0.0.1:{adminPort}",
            ["Admin:Port"] = adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var onObjectPort = new AdminHttp(new Uri($"http://127.0.0.1:{objectPort}/"));
        using var onAdminPort = new AdminHttp(new Uri($"http://127.0.0.1:{adminPort}/"));

        var refused = await onObjectPort.GetAsync("buckets");
        var served = await onAdminPort.GetAsync("buckets");

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("NotFound", refused.Error);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(HttpStatusCode.Created, (await onAdminPort.PostAsync("buckets", new { name = "admin-port" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await onObjectPort.PostAsync("buckets", new { name = "admin-port-2" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await onAdminPort.GetAsync("buckets/admin-port-2")).Status);
    }

    [Fact]
    public async Task DisabledTheAdminPathIsNotServed()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Admin:Enabled"] = "false" });
        using var admin = new AdminHttp(host.BaseAddress);

        var answer = await admin.PostAsync("buckets", new { name = "admin-disabled" });

        Assert.NotEqual(HttpStatusCode.Created, answer.Status);
        Assert.DoesNotContain("\"error\"", answer.Text, StringComparison.Ordinal);
        using var s3 = host.CreateS3Client();
        Assert.DoesNotContain((await s3.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == "admin-disabled");
    }
}

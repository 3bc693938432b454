using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Orleans' dashboard on the silo: HTTP Basic on every endpoint, served only on its own port, and the page
/// itself in headless chromium (Debian's, driven by playwright-core: scripts/dashboard-browser, installed by
/// scripts/install-dashboard-browser.sh from test.sh) showing the silo and the grains a load of uploads activated.
/// </summary>
public sealed partial class DashboardTests(DashboardTests.DashboardHost fixture, ITestOutputHelper output) : IClassFixture<DashboardTests.DashboardHost>
{
    private const string Password = "dashboard-test-password";

    [Theory]
    [InlineData("dashboard", "", null, HttpStatusCode.Unauthorized)]
    [InlineData("dashboard", "DashboardCounters", null, HttpStatusCode.Unauthorized)]
    [InlineData("dashboard", "", "admin:wrong-password", HttpStatusCode.Unauthorized)]
    [InlineData("dashboard", "", "root:" + Password, HttpStatusCode.Unauthorized)]
    [InlineData("dashboard", "", "admin:" + Password, HttpStatusCode.OK)]
    [InlineData("dashboard", "DashboardCounters", "admin:" + Password, HttpStatusCode.OK)]
    [InlineData("api", "", "admin:" + Password, HttpStatusCode.NotFound)] // the object API's port (behind the Ingress) never serves it
    [InlineData("dashboard", "uploads", null, HttpStatusCode.Unauthorized)] // the open uploads page beside it: the same guard
    [InlineData("dashboard", "uploads", "admin:" + Password, HttpStatusCode.OK)]
    [InlineData("api", "uploads", "admin:" + Password, HttpStatusCode.NotFound)]
    public async Task OnlyTheCredentialOnTheDashboardPortOpensIt(string port, string path, string? credential, HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = port == "dashboard" ? fixture.Dashboard : fixture.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "-/dashboard/" + path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)));
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme); // a browser asks for the credential
        }
    }

    [Fact]
    public async Task WithoutAPasswordThereIsNoDashboard()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "-/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:")));
        using var response = await http.SendAsync(request);
        // The object API answers it (a Basic credential is no signature): 400 with its XML error, no dashboard page.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Error><Code>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Orleans Dashboard", body, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task TheBrowserShowsTheLiveSiloAndTheGrainsOfALoad()
    {
        // The dashboard keeps call history from its first use on: open it first, as an operator would, then
        // load through the s3 dialect (complete and abort uploads: upload, bucket and object grains at work).
        using (var http = new HttpClient { BaseAddress = fixture.Dashboard })
        using (var warm = new HttpRequestMessage(HttpMethod.Get, "-/dashboard/DashboardCounters"))
        {
            warm.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
            (await http.SendAsync(warm)).EnsureSuccessStatusCode();
        }

        var s3 = fixture.Host.CreateS3Client();
        await s3.PutBucketAsync("dashboard-load");
        var body = new byte[64 * 1024];
        for (var i = 0; i < 9; i++)
        {
            var key = $"object-{i}";
            var id = (await s3.InitiateMultipartUploadAsync("dashboard-load", key)).UploadId;
            if (i % 3 == 2)
            {
                await s3.AbortMultipartUploadAsync("dashboard-load", key, id);
                continue;
            }

            var etag = (await s3.UploadPartAsync(new UploadPartRequest { BucketName = "dashboard-load", Key = key, UploadId = id, PartNumber = 1, InputStream = new MemoryStream(body) })).ETag;
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "dashboard-load", Key = key, UploadId = id, PartETags = [new PartETag(1, etag)] });
        }

        var outDir = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(outDir);
        var script = Path.Combine(ProcessCluster.RepositoryRoot, "scripts", "dashboard-browser", "dashboard-page.mjs");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "playwright-core", "package.json")),
            "playwright-core is missing: run scripts/install-dashboard-browser.sh (test.sh does)");
        var run = await ExternalClient.RunAsync("node",
        [
            script, new Uri(fixture.Dashboard, "-/dashboard/").ToString(), "admin", Password, outDir,
            // Not the load's grains on the overview: its method tables rank a sliding window of calls, which the
            // silo's own system targets fill again once the load is a few seconds old (seen on a loaded CI machine).
            "", "Active Silos|Total Activations|Methods with Most Calls",
            "grains", "UploadGrain|BucketGrain|ObjectGrain",
            "silos", "Silo Health|Active",
        ]);
        Assert.True(run.ExitCode == 0, run.Output);
        var pages = JsonSerializer.Deserialize<DashboardPage[]>(run.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        foreach (var page in pages)
        {
            output.WriteLine($"{page.Route}: {page.Screenshot}");
            Assert.True(page.Shown, $"#/{page.Route} never showed what it should; it showed:\n{page.Text}");
            Assert.True(new FileInfo(page.Screenshot).Length > 10_000, page.Screenshot);
        }

        Assert.Equal(200, pages[0].Status);
        // One silo in this cluster, and the load's grains have live activations on the grains page.
        Assert.Matches(ActiveSilosCount(), pages[0].Text);
        Assert.Equal("1", ActiveSilosCount().Match(pages[0].Text).Groups["n"].Value);
        foreach (var grain in new[] { "UploadGrain", "BucketGrain", "ObjectGrain" })
        {
            var row = Regex.Match(pages[1].Text, grain + @"\b\D*?(?<n>\d+)"); // the row: type, a badge, activations
            Assert.True(row.Success && int.Parse(row.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, $"no activations of {grain} on the grains page:\n{pages[1].Text}");
        }
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task TheBrowserShowsTheOpenUploadsPageWithTheBucketsHoldingTheMostBytes()
    {
        // Open uploads with real parts: 3,000 + 4,000 bytes in one bucket, 1,000 in another; a completed upload is not counted.
        var s3 = fixture.Host.CreateS3Client();
        var (large, small) = ("dashboard-stale-large", "dashboard-stale-small");
        await s3.PutBucketAsync(large);
        await s3.PutBucketAsync(small);
        foreach (var (bucket, key, size) in new[] { (large, "a", 3000), (large, "b", 4000), (small, "c", 1000), (small, "done", 5000) })
        {
            var id = (await s3.InitiateMultipartUploadAsync(bucket, key)).UploadId;
            var etag = (await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = id, PartNumber = 1, InputStream = new MemoryStream(new byte[size]) })).ETag;
            if (key == "done")
            {
                await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = id, PartETags = [new PartETag(1, etag)] });
            }
        }

        var page = await OpenInBrowserAsync("./uploads", "Open uploads|" + large + "|7,000 bytes (6.8 KiB)|" + small + "|1,000 bytes");
        Assert.Equal(200, page.Status);
        Assert.True(page.Shown, $"the open uploads page never showed the buckets; it showed:\n{page.Text}");
        // Largest first: the bucket holding 7,000 bytes in two uploads, then the one holding 1,000 in one.
        var rows = page.Text.Split('\n').Where(l => l.StartsWith("dashboard-stale-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"^dashboard-stale-large\s+2\s+7,000 bytes", rows[0]);
        Assert.Matches(@"^dashboard-stale-small\s+1\s+1,000 bytes", rows[1]);
    }

    private async Task<DashboardPage> OpenInBrowserAsync(string route, string texts)
    {
        var outDir = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(outDir);
        var script = Path.Combine(ProcessCluster.RepositoryRoot, "scripts", "dashboard-browser", "dashboard-page.mjs");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "playwright-core", "package.json")),
            "playwright-core is missing: run scripts/install-dashboard-browser.sh (test.sh does)");
        var run = await ExternalClient.RunAsync("node", [script, new Uri(fixture.Dashboard, "-/dashboard/").ToString(), "admin", Password, outDir, route, texts]);
        Assert.True(run.ExitCode == 0, run.Output);
        var page = Assert.Single(JsonSerializer.Deserialize<DashboardPage[]>(run.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);
        output.WriteLine($"{page.Route}: {page.Screenshot}");
        Assert.True(new FileInfo(page.Screenshot).Length > 10_000, page.Screenshot);
        return page;
    }

    [GeneratedRegex(@"active silos\s+(?<n>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveSilosCount();

    private sealed record DashboardPage(string Route, int Status, bool Shown, string Screenshot, string Text);

    /// <summary>One silo with the dashboard on a second port, as the manifests run it (Dashboard__Port 8081).</summary>
    public sealed class DashboardHost : IAsyncLifetime
    {
        public ServiceHost Host { get; private set; } = null!;

        public Uri Dashboard { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // Both HTTP ports are this test's choice: held until the host starts, new ones if taken meanwhile.
            for (var attempt = 1; ; attempt++)
            {
                using var ports = new HeldPorts(2);
                var (api, dashboard) = (ports[0], ports[1]);
                ports.Release();
                try
                {
                    Host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string>
                    {
                        ["urls"] = $"http://127.0.0.1:{api};http://127.0.0.1:{dashboard}",
                        ["Dashboard:Password"] = Password,
                        ["Dashboard:Port"] = dashboard.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        // The open uploads page shows a summary at most a second old (the default is a minute).
                        ["StaleUploads:RefreshPeriod"] = "00:00:01",
                    });
                }
                catch (Exception e) when (attempt < 5 && Gateway.PortInUse.IsPortInUse(e))
                {
                    continue;
                }

                Assert.Equal(api, Host.BaseAddress.Port);
                Dashboard = new Uri($"http://127.0.0.1:{dashboard}/");
                return;
            }
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}

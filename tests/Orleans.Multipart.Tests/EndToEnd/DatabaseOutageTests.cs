using System.Net;
using Npgsql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>PostgreSQL refusing connections for a moment: clients get a retryable 503 in their dialect, never a 500, and the service recovers by itself.</summary>
public sealed class DatabaseOutageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task RequestsDuringAnOutageAre503AndSucceedAfterIt()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Postgres, null, output);
        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("outage");
        var database = new NpgsqlConnectionStringBuilder(host.PostgresConnectionString).Database!;

        await SetConnectionsAllowedAsync(database, allowed: false);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.InitiateMultipartUploadAsync("outage", "during"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal("ServiceUnavailable", ex.ErrorCode);

            var cdcs = await new QingStorClient(host).SendAsync(HttpMethod.Post, "/outage/during", "uploads");
            Assert.Equal(503, cdcs.Status);
            Assert.Equal("service_unavailable", cdcs.Json.GetProperty("code").GetString());

            using var http = host.CreateHttpClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database, allowed: true);
        }

        var uploadId = (await s3.InitiateMultipartUploadAsync("outage", "after")).UploadId;
        Assert.Contains(uploadId, (await s3.ListMultipartUploadsAsync("outage")).MultipartUploads.Select(u => u.UploadId));
        Assert.DoesNotContain("during", (await s3.ListMultipartUploadsAsync("outage")).MultipartUploads.Select(u => u.Key));
    }

    /// <summary>Refuses new connections to the database and ends the open ones (the service's pool included).</summary>
    private static async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        await using var admin = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = $"ALTER DATABASE {database} ALLOW_CONNECTIONS {(allowed ? "true" : "false")};"
            + (allowed ? "" : $" SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';");
        await command.ExecuteNonQueryAsync();
    }
}

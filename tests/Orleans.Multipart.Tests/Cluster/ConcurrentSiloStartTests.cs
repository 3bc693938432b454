using Amazon.S3.Model;
using Npgsql;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Three silo processes started at the same moment against one new PostgreSQL database: one applies
/// the schema migrations, the others wait on the migration lock and find them journalled; all three
/// become ready and serve one cluster.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class ConcurrentSiloStartTests(ConcurrentSiloStartTests.TogetherCluster cluster, ITestOutputHelper output) : IClassFixture<ConcurrentSiloStartTests.TogetherCluster>
{
    [Fact]
    public async Task SilosStartedTogetherOnANewDatabaseMigrateItOnceAndAllServe()
    {
        output.WriteLine($"cluster logs: {cluster.LogDirectory} (kept after the run)");
        var logs = Enumerable.Range(1, ProcessCluster.Silos).Select(i => cluster.Log($"silo-{i}")).ToList();
        var applied = logs.Count(log => log.Contains($"applied {MigrationScripts.Baseline}", StringComparison.Ordinal));
        Assert.True(applied == 1, $"{applied} silos applied the baseline:\n{cluster.Logs()}");
        Assert.All(logs, log => Assert.Contains("up to date at", log, StringComparison.Ordinal));

        var journal = new List<string>();
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT scriptname FROM {SchemaMigrator.JournalTable} ORDER BY scriptname", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                journal.Add(reader.GetString(0));
            }
        }

        Assert.Equal(MigrationScripts.For(new PostgresDialect(cluster.ConnectionString)).Select(s => s.Name), journal);

        // One cluster: an object written through silo 1 reads through silo 3.
        using var writer = ProcessCluster.S3(cluster.Silo(1));
        using var reader3 = ProcessCluster.S3(cluster.Silo(ProcessCluster.Silos));
        await writer.PutBucketAsync("together");
        await writer.PutObjectAsync(new PutObjectRequest { BucketName = "together", Key = "k", ContentBody = "started together" });
        using var read = await reader3.GetObjectAsync("together", "k");
        using var body = new StreamReader(read.ResponseStream);
        Assert.Equal("started together", await body.ReadToEndAsync());
    }

    /// <summary>The process cluster without its standalone gateway, every silo started at once (cluster.sh --together).</summary>
    public sealed class TogetherCluster : ProcessCluster
    {
        public override async Task InitializeAsync()
        {
            await RunCheckedAsync("start", Silos.ToString(System.Globalization.CultureInfo.InvariantCulture), "--together");
            await ReadConnectionStringAsync();
        }
    }
}

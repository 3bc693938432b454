using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Multipart.Hosting;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// A write transaction the database rolled back (deadlock, serialization failure, SQLite busy) runs
/// again, up to <see cref="RetryPipelines.SqlTransactionAttempts"/> times in all; any other failure runs
/// once; a failed attempt leaves no row behind; cancellation stops the retries.
/// </summary>
public abstract class SqlTransactionRetryTests : IDisposable
{
    private readonly List<string> _scratch = [];

    protected abstract ISqlDialect CreateDialect();

    /// <summary>An exception this store's driver raises for a rolled-back transaction.</summary>
    protected abstract Exception Transient();

    /// <summary>One this store's driver raises for a failure that retrying cannot cure (a unique violation).</summary>
    protected abstract Exception Permanent();

    protected string ScratchSqlitePath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "omp-retry-" + Guid.NewGuid().ToString("N"));
        _scratch.Add(directory);
        return Path.Combine(directory, "metadata.db");
    }

    public void Dispose()
    {
        foreach (var directory in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string, int, bool, int, bool> Failures => new()
    {
        { "transient twice, then committed", 2, true, 3, true },
        { "transient on every attempt up to the last", RetryPipelines.SqlTransactionAttempts - 1, true, RetryPipelines.SqlTransactionAttempts, true },
        { "transient on every attempt: the last failure reaches the caller", int.MaxValue, true, RetryPipelines.SqlTransactionAttempts, false },
        { "a permanent failure is not retried", int.MaxValue, false, 1, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ARolledBackTransactionRunsAgain(string scenario, int failures, bool transient, int expectedAttempts, bool commits)
    {
        var db = new SqlDatabase(CreateDialect());
        await db.EnsureSchemaAsync();
        var attempts = 0;
        var bucket = "retry" + Guid.NewGuid().ToString("N")[..10];
        var write = db.WriteAsync(async (c, t) =>
        {
            attempts++;
            // Each attempt writes before it fails: a failed attempt must leave nothing behind.
            await c.ExecuteAsync("INSERT INTO buckets (name, rule, created_ms) VALUES (@name, 0, @attempts)", new { name = bucket, attempts }, t);
            if (attempts <= failures)
            {
                throw transient ? Transient() : Permanent();
            }

            return attempts;
        });

        if (commits)
        {
            Assert.Equal(expectedAttempts, await write);
        }
        else
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => write);
            Assert.Equal((transient ? Transient() : Permanent()).GetType(), thrown.GetType());
        }

        Assert.True(expectedAttempts == attempts, $"{scenario}: {attempts} attempts");
        var rows = await db.ReadAsync(c => c.QueryAsync<long>("SELECT created_ms FROM buckets WHERE name = @bucket", new { bucket }));
        Assert.Equal(commits ? [expectedAttempts] : Array.Empty<long>(), rows);
    }

    [Fact]
    public async Task CancellationStopsTheRetries()
    {
        var db = new SqlDatabase(CreateDialect());
        await db.EnsureSchemaAsync();
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;
        var write = db.WriteAsync<int>((_, _) =>
        {
            if (++attempts == 2)
            {
                cancellation.Cancel();
            }

            throw Transient();
        }, cancellation.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(2, attempts);
    }
}

public sealed class SqliteSqlTransactionRetryTests : SqlTransactionRetryTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath());

    protected override Exception Transient() => new SqliteException("database is locked", 5);

    protected override Exception Permanent() => new SqliteException("UNIQUE constraint failed", 19);
}

public sealed class PostgresSqlTransactionRetryTests : SqlTransactionRetryTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());

    protected override Exception Transient() => new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);

    protected override Exception Permanent() => new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
}

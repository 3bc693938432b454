using Npgsql;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server started by <c>test.sh</c> (environment variable OMP_TEST_POSTGRES). Each
/// caller gets a fresh database, so test classes never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("OMP_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("OMP_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    /// <summary>
    /// The access-key master key every PostgreSQL-backed test silo gets (<c>Auth:MasterKey</c>, required with
    /// PostgreSQL): one value, so that silos of one test database open each other's sealed secrets.
    /// </summary>
    public static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("omp-test-master-key"u8));

    public static string CreateDatabase()
    {
        var name = "omp_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }
}

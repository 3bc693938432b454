using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Bench.Harness;

[Alias("omp.bench.reminder")]
public interface IReminderBenchGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task Register();
}

/// <summary>Stands for an upload grain that would register its own week-long expiry reminder.</summary>
[GrainType("bench-reminder")]
public sealed class ReminderBenchGrain : Grain, IReminderBenchGrain, IRemindable
{
    public async Task Register() => await this.RegisterOrUpdateReminder("expire", TimeSpan.FromDays(7), TimeSpan.FromDays(7));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>
/// The cost of the alternative to the expiry sweep: one Orleans reminder per upload. Measures how
/// many reminder registrations per second Orleans' ADO.NET reminder table (our SQL) sustains on
/// PostgreSQL, in a fresh database of the bench server.
/// </summary>
public static class ReminderBench
{
    public static async Task<RateResult> RegistrationRateAsync(string serverConnectionString, TimeSpan duration)
    {
        var database = "reminder_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(serverConnectionString))
        {
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {database}";
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        await new SqlDatabase(new PostgresDialect(connectionString)).EnsureSchemaAsync();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var latencies = new Latencies();
            long registered = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; clock.Elapsed < duration; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await factory.GetGrain<IReminderBenchGrain>($"u{worker}-{i}").Register();
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                    Interlocked.Increment(ref registered);
                }
            })));
            return new RateResult(registered / clock.Elapsed.TotalSeconds, latencies.Percentile(0.5), latencies.Percentile(0.99), (int)registered, latencies.ClientCpuShare);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

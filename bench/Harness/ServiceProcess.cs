using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>A service process the harness started, the client that talks to it, and who that client signs as (<see cref="BenchPrincipal"/>).</summary>
public sealed record StartedService(SigV4Client Client, Process Process, string Principal);

/// <summary>
/// Starts one single-silo service process (a built <c>Orleans.Multipart.Silo.dll</c>, any revision's) the
/// way every figure of the bench runs it: Production settings, the bench's root credentials,
/// <c>Gateway:MinPartSize</c> 1, its own data directory and free ports, logs at Warning into
/// <c>{work}/{name}.log</c>. The service only ever sees HTTP and its command line, so the same harness
/// can drive builds of other revisions (bench/compare.sh). Its client signs as <see cref="BenchPrincipal"/>
/// says: an ordinary account made through the admin API, unless <c>--as-admin</c>.
/// </summary>
public static class ServiceProcess
{
    public const string AccessKey = "bench-access-key";
    public const string SecretKey = "bench-secret-key";

    /// <summary>The access keys' master key (required with PostgreSQL): a fresh one per bench run.</summary>
    private static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts the silo in <paramref name="siloDll"/> with <paramref name="storageArgs"/> (its command-line settings for storage) and waits for /readyz.</summary>
    public static async Task<StartedService> StartAsync(string siloDll, string name, string work, string storageArgs)
    {
        var port = Shell.FreePort();
        var data = Path.Combine(work, name);
        var silo = Shell.Start("dotnet",
            $"{siloDll} --urls http://127.0.0.1:{port} --environment Production {storageArgs} --Storage:DataPath {data} " +
            $"--Orleans:SiloPort {Shell.FreePort()} --Orleans:GatewayPort {Shell.FreePort()} --Orleans:AdvertisedIPAddress 127.0.0.1 " +
            $"--Auth:RootAccessKey {AccessKey} --Auth:RootSecretKey {SecretKey} --Auth:MasterKey {MasterKey} --Gateway:MinPartSize 1 --Logging:LogLevel:Default Warning",
            Path.Combine(work, name + ".log"), Path.GetDirectoryName(siloDll));
        try
        {
            await Shell.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TimeSpan.FromSeconds(90), r => r.IsSuccessStatusCode);
        }
        catch (TimeoutException)
        {
            silo.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} ({siloDll}) was not ready within 90 s; its log: {Path.Combine(work, name + ".log")}");
        }

        var uri = new Uri($"http://127.0.0.1:{port}");
        try
        {
            var credentials = await BenchPrincipal.ForAsync(uri, AccessKey, SecretKey);
            return new StartedService(new SigV4Client(name, uri, credentials.AccessKey, credentials.SecretKey, 64), silo, credentials.Describe);
        }
        catch
        {
            silo.Kill(entireProcessTree: true);
            throw;
        }
    }
}

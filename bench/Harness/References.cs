using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>The references measured alongside: PostgreSQL's own INSERT rate (pgbench) and the disk's write rate (dd).</summary>
public static partial class References
{
    /// <summary>pgbench with a one-row INSERT script at <paramref name="clients"/> connections; returns tps.</summary>
    public static async Task<double> PgInsertTpsAsync(string pgBin, int port, int clients, TimeSpan duration, string workDir)
    {
        await Shell.RunAsync(Path.Combine(pgBin, "psql"), $"-h 127.0.0.1 -p {port} -U postgres -d postgres -q -c \"CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v text NOT NULL)\"");
        var script = Path.Combine(workDir, "insert.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO bench_insert (v) VALUES ('initiate');\n");
        var output = await Shell.RunAsync(Path.Combine(pgBin, "pgbench"), $"-h 127.0.0.1 -p {port} -U postgres -n -c {clients} -j {Environment.ProcessorCount} -T {(int)duration.TotalSeconds} -f {script} postgres");
        var match = TpsPattern().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("pgbench printed no tps:\n" + output);
    }

    /// <summary>dd bs=8M conv=fdatasync into <paramref name="directory"/>; returns MB/s.</summary>
    public static async Task<double> DiskMbPerSecondAsync(string directory, int blocks)
    {
        var file = Path.Combine(directory, "dd.bin");
        var clock = Stopwatch.StartNew();
        await Shell.RunAsync("dd", $"if=/dev/zero of={file} bs=8M count={blocks} conv=fdatasync");
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(file);
        return blocks * 8.0 * 1024 * 1024 / 1_000_000 / seconds;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsPattern();
}

/// <summary>Runs a command and returns its output; throws with the output when it fails.</summary>
public static class Shell
{
    public static async Task<string> RunAsync(string file, string arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}:\n{output}");
    }

    /// <summary>Starts a long-running process whose output goes to <paramref name="logFile"/>.</summary>
    public static Process Start(string file, string arguments, string logFile, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        var process = Process.Start(start)!;
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task WaitForHttpAsync(Uri uri, TimeSpan timeout, Func<HttpResponseMessage, bool> ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var response = await http.GetAsync(uri);
                if (ready(response))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{uri} did not come up within {timeout}.");
    }
}

using System.Diagnostics;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Runs a real client program (boto3 in python3, the AWS CLI, s3cmd) and collects what it printed.</summary>
public static class ExternalClient
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a python3 script that imports boto3 (test.sh installs python3-boto3 when it is missing).</summary>
    public static async Task<Result> RunBoto3Async(string script, params string[] arguments)
    {
        var python = await FindAsync(["python3", "/usr/bin/python3"], "-c", "import boto3")
            ?? throw new InvalidOperationException("No python3 with boto3: test.sh installs python3-boto3 with apt-get.");
        var path = Path.Combine(Path.GetTempPath(), $"boto3-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            return await RunAsync(python, [path, .. arguments]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The first of <paramref name="candidates"/> that runs and exits 0 with <paramref name="probe"/>, or null.</summary>
    public static async Task<string?> FindAsync(IEnumerable<string> candidates, params string[] probe)
    {
        foreach (var candidate in candidates)
        {
            try
            {
                if ((await RunAsync(candidate, probe)).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return null;
    }
}

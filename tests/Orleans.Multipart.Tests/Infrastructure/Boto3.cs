using System.Diagnostics;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Runs a boto3 script (test.sh installs python3-boto3) and returns its exit code and output.</summary>
public static class Boto3
{
    /// <summary>
    /// The start of a script that takes (endpoint, bucket, access key, secret key) from its arguments and builds
    /// <c>s3</c>: SigV4, path style, one attempt, and (where botocore has the options) checksums only when an
    /// operation requires them, so that the script exercises what it names rather than the SDK's default trailers.
    /// </summary>
    public const string SigV4ClientScript = """
        import io, os, sys, boto3, botocore
        from botocore.config import Config
        endpoint, bucket, ak, sk = sys.argv[1:5]
        kwargs = dict(signature_version='s3v4', s3={'addressing_style': 'path'}, retries={'max_attempts': 1})
        try:
            cfg = Config(request_checksum_calculation='when_required', response_checksum_validation='when_required', **kwargs)
        except TypeError:
            cfg = Config(**kwargs)
        s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1', config=cfg)

        """;

    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] args)
    {
        var python = await FindPythonAsync() ?? throw new InvalidOperationException("No python3 with boto3: test.sh installs python3-boto3 with apt-get.");
        var path = Path.Combine(Path.GetTempPath(), $"boto3-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(path);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A python3 that imports boto3 (Debian's lives in /usr/bin), or null.</summary>
    public static async Task<string?> FindPythonAsync()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, "-c \"import boto3\"") { RedirectStandardError = true, RedirectStandardOutput = true })!;
                await probe.WaitForExitAsync();
                if (probe.ExitCode == 0)
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

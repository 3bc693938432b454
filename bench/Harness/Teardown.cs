using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>The end of a bench run, whatever happened: the processes it started killed, and its Ceph RGW stopped (its logs kept beside the run's on failure).</summary>
internal static class Teardown
{
    public static void Kill(IEnumerable<Process> processes)
    {
        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public static async Task StopRgwAsync(Task<RgwPeer>? rgwStart, string root, string rgwDir, string work, bool succeeded)
    {
        if (rgwStart is null)
        {
            return;
        }

        try
        {
            await rgwStart; // a start still under way finishes (or fails and stops itself) before the stop
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("starting Ceph RGW: " + ex.Message);
        }

        try
        {
            if (!succeeded && Directory.Exists(Path.Combine(rgwDir, "log")))
            {
                // rgw.sh stop removes its directory: keep Ceph's logs beside the service's for a failed run
                await Shell.RunAsync("cp", $"-r {Path.Combine(rgwDir, "log")} {Path.Combine(work, "rgw-log")}");
            }

            await Shell.RunAsync(Path.Combine(root, "scripts", "rgw.sh"), $"stop {rgwDir}");
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("stopping Ceph RGW: " + ex.Message);
        }
    }
}

using System.Globalization;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// The backend on CPUs of its own, as where it runs on its own machines (the case the S3 blob backend is for): the
/// Ceph daemons pinned to CPU 0, the front (the load generator, the service, its PostgreSQL) to the others, every
/// thread (<c>taskset -a -p</c>; threads and processes started later inherit it). On a machine whose cores all
/// run both, a proxy's CPU is taken from the backend behind it, and the ratio of UploadPart through the service to
/// direct is the ratio of the CPU each costs per byte; split, it says whether the service keeps up with its backend.
/// Disposing gives every process all CPUs again.
/// </summary>
internal sealed class CpuSplit : IAsyncDisposable
{
    private readonly IReadOnlyList<int> _pids;

    private CpuSplit(IReadOnlyList<int> pids) => _pids = pids;

    /// <summary>Why no split can be made here (fewer than two CPUs, no <c>taskset</c>), or null when one can.</summary>
    public static string? Impossible =>
        Environment.ProcessorCount < 2 ? $"{Environment.ProcessorCount} CPU"
        : !File.Exists("/usr/bin/taskset") && !File.Exists("/bin/taskset") ? "no taskset (util-linux)"
        : null;

    private static string AllCpus => $"0-{Environment.ProcessorCount - 1}";

    /// <summary>Pins <paramref name="backend"/> to CPU 0 and <paramref name="front"/> (with their child processes) to CPUs 1 and up.</summary>
    public static async Task<CpuSplit> PinAsync(IEnumerable<int> backend, IEnumerable<int> front)
    {
        var backendPids = backend.ToList();
        var frontPids = new List<int>();
        foreach (var pid in front)
        {
            frontPids.Add(pid);
            frontPids.AddRange(await ChildrenOfAsync(pid));
        }

        var split = new CpuSplit([.. backendPids, .. frontPids]);
        try
        {
            foreach (var pid in backendPids)
            {
                await Shell.RunAsync("taskset", $"-a -p -c 0 {pid}");
            }

            foreach (var pid in frontPids)
            {
                await Shell.RunAsync("taskset", $"-a -p -c 1-{Environment.ProcessorCount - 1} {pid}");
            }
        }
        catch
        {
            await split.DisposeAsync();
            throw;
        }

        return split;
    }

    /// <summary>The postmaster of a <c>scripts/postgres.sh</c> directory (the first line of its <c>data/postmaster.pid</c>).</summary>
    public static int PostmasterOf(string postgresDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(postgresDirectory, "data", "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in _pids)
        {
            try
            {
                await Shell.RunAsync("taskset", $"-a -p -c {AllCpus} {pid}");
            }
            catch (InvalidOperationException)
            {
                // Gone since: nothing to give back.
            }
        }
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (a PostgreSQL postmaster's backends); pgrep exits 1 when there are none.</summary>
    private static async Task<IEnumerable<int>> ChildrenOfAsync(int pid)
    {
        try
        {
            return (await Shell.RunAsync("pgrep", $"-P {pid}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => int.Parse(line, CultureInfo.InvariantCulture));
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }
}

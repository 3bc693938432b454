using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// The Ceph RGW peer (a real S3 server with durable storage): <c>scripts/rgw.sh</c> started in a
/// directory of the run on a block of free loopback ports, with the same minimum part size as the
/// service under the bench (1 byte), so the small-part and Complete figures run on both.
/// </summary>
public sealed class RgwPeer
{
    private const int CephPorts = 32; // RGW_CEPH_PORT and the 31 after it (rgw.sh's header)

    private readonly string _script;

    private RgwPeer(string script, string directory, Uri endpoint, string accessKey, string secretKey, TimeSpan startTime)
    {
        _script = script;
        WorkDirectory = directory;
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Client = new SigV4Client("rgw", endpoint, accessKey, secretKey, 64);
        StartTime = startTime;
    }

    public string WorkDirectory { get; }

    /// <summary>radosgw's S3 endpoint and its S3 user's keys (what the service's S3 blob backend is configured with).</summary>
    public Uri Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public SigV4Client Client { get; }

    /// <summary>Wall time of <c>rgw.sh start</c>: from nothing to an S3 user on a listening radosgw.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The OSD's bluestore block file (its page cache is dropped before a cold read).</summary>
    public string BlockFile => Path.Combine(WorkDirectory, "osd", "block");

    /// <summary>The radosgw process: the peer's counterpart of the service process for the CPU figures.</summary>
    public int RadosgwPid => Pid("client.rgw");

    /// <summary>The OSD process that stores what radosgw writes (reported beside radosgw's CPU, as PostgreSQL is not counted for the service).</summary>
    public int OsdPid => Pid("osd.0");

    /// <summary>Every Ceph daemon of the peer (mon, mgr, OSD, radosgw): what runs on the backend's own CPU in a split (<see cref="CpuSplit"/>).</summary>
    public IReadOnlyList<int> DaemonPids => [.. Directory.EnumerateFiles(Path.Combine(WorkDirectory, "run"), "*.pid")
        .Select(file => int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture))];

    public static async Task<RgwPeer> StartAsync(string root, string directory)
    {
        var script = Path.Combine(root, "scripts", "rgw.sh");
        var cephPort = FreePortBlock(CephPorts + 1);
        var environment = new Dictionary<string, string>
        {
            ["RGW_CEPH_PORT"] = cephPort.ToString(CultureInfo.InvariantCulture),
            ["RGW_PORT"] = (cephPort + CephPorts).ToString(CultureInfo.InvariantCulture),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Shell.RunAsync(script, $"start {directory}", root, environment);
        var startTime = clock.Elapsed;
        var exports = (await File.ReadAllLinesAsync(Path.Combine(directory, "env")))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(word => word.Contains('=', StringComparison.Ordinal))
            .Select(word => word.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        // S3 (and RGW by default) refuse a Complete whose non-last parts are under 5 MiB; the service
        // under the bench runs with Gateway:MinPartSize 1, so the peer gets the same rule.
        await Shell.RunAsync("ceph", $"-c {Path.Combine(directory, "ceph.conf")} config set client.rgw rgw_multipart_min_part_size 1");
        return new RgwPeer(script, directory, new Uri(exports["RGW_ENDPOINT"]), exports["RGW_ACCESS_KEY"], exports["RGW_SECRET_KEY"], startTime);
    }

    public Task StopAsync() => Shell.RunAsync(_script, $"stop {WorkDirectory}");

    public static async Task<string> VersionAsync()
    {
        try
        {
            return (await Shell.RunAsync("radosgw", "--version")).Trim();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown: " + ex.Message.Split('\n')[0];
        }
    }

    private int Pid(string daemon) =>
        int.Parse(File.ReadAllText(Path.Combine(WorkDirectory, "run", daemon + ".pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The first port of <paramref name="count"/> consecutive free loopback ports in 20000-29999 (Ceph's messengers need a range).</summary>
    private static int FreePortBlock(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = 20000 + (Random.Shared.Next(0, 10000 / 64) * 64);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free loopback ports in 20000-29999");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using System.Net;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The process cluster with silo 3 in a network namespace of its own, joined to this one by a veth
/// pair: silos, gateway and PostgreSQL talk to it over 10.N.0.0/30, its HTTP clients over 10.N.1.0/30.
/// <see cref="PartitionAsync"/> blackholes the route to 10.N.0.1 inside the namespace, so silo 3 can
/// reach neither the other silos nor PostgreSQL (and they cannot reach it) while its clients still can.
/// On the S3 blob backend (OMP_TEST_BLOBS=S3) every process reaches the test RGW through a relay on
/// 10.N.0.1, so the partition cuts silo 3 off from the blob backend as well.
/// Needs root (ip netns); everything stays on this machine.
/// </summary>
public sealed class PartitionedProcessCluster : ProcessCluster
{
    private readonly int _net = Random.Shared.Next(100, 200);

    private TcpRelay? _rgwRelay;

    private string Namespace => $"omp-part-{_net}";

    private string HostSide => $"ompv{_net}";

    private string HostAddress => $"10.{_net}.0.1";

    /// <summary>Silo 3's HTTP address as its own clients reach it (not through the cut path).</summary>
    public Uri CutOffSilo => new($"http://10.{_net}.1.2:{PortBase + 3}/");

    public override async Task InitializeAsync()
    {
        var peer = $"ompp{_net}";
        await IpAsync("netns", "add", Namespace);
        await IpAsync("link", "add", HostSide, "type", "veth", "peer", "name", peer);
        await IpAsync("link", "set", peer, "netns", Namespace);
        await IpAsync("addr", "add", HostAddress + "/30", "dev", HostSide);
        await IpAsync("addr", "add", $"10.{_net}.1.1/30", "dev", HostSide);
        await IpAsync("link", "set", HostSide, "up");
        await IpAsync("netns", "exec", Namespace, "ip", "addr", "add", $"10.{_net}.0.2/30", "dev", peer);
        await IpAsync("netns", "exec", Namespace, "ip", "addr", "add", $"10.{_net}.1.2/30", "dev", peer);
        await IpAsync("netns", "exec", Namespace, "ip", "link", "set", peer, "up");
        await IpAsync("netns", "exec", Namespace, "ip", "link", "set", "lo", "up");

        if (TestBlobs.UseS3)
        {
            // The test RGW listens on the host's loopback, which the namespaced silo cannot reach (its
            // 127.0.0.1 is its own): every process reaches it through a relay on the host's veth address,
            // so that the partition cuts silo 3 off from the blob backend too, as from PostgreSQL.
            var rgw = new Uri(TestRgw.Endpoint);
            _rgwRelay = new TcpRelay(IPAddress.Parse(HostAddress), new IPEndPoint(IPAddress.Loopback, rgw.Port));
            var settings = TestRgw.Settings(await TestRgw.CreateBucketAsync());
            settings["Storage:Blobs:S3:Endpoint"] = $"http://{HostAddress}:{_rgwRelay.Address.Port}";
            foreach (var (key, value) in TestBlobs.AsEnvironment(settings))
            {
                Environment[key] = value;
            }
        }

        Environment["OMP_CLUSTER_ADVERTISE"] = HostAddress;
        Environment["OMP_CLUSTER_PG_LISTEN"] = HostAddress;
        await RunCheckedAsync("start", "2", "--gateway");
        await RunCheckedAsync("netns-silo", "3", Namespace, $"10.{_net}.0.2");
        await ReadConnectionStringAsync();
    }

    public Task PartitionAsync() => IpAsync("netns", "exec", Namespace, "ip", "route", "add", "blackhole", HostAddress + "/32");

    public Task HealAsync() => IpAsync("netns", "exec", Namespace, "ip", "route", "del", "blackhole", HostAddress + "/32");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_rgwRelay is not null)
        {
            await _rgwRelay.DisposeAsync();
        }

        await ExternalClient.RunAsync("ip", ["netns", "del", Namespace]);
        await ExternalClient.RunAsync("ip", ["link", "del", HostSide]);
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await ExternalClient.RunAsync("ip", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Orleans' Kubernetes hosting as far as it can be seen without an API server: which settings turn it on,
/// the refusal when it is on without the pod's variables, and that an enabled silo really runs its agent
/// at start. What it does against a real cluster (labels patched, pods watched) is listed in the README.
/// </summary>
public sealed class KubernetesHostingTests : IDisposable
{
    // Every app built here gets a data directory under this one, removed with the test class instance.
    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "omp-test-k8s-" + Guid.NewGuid().ToString("N")[..12]);

    private const string InPod = "KUBERNETES_SERVICE_HOST=10.96.0.1;POD_NAMESPACE=multipart;POD_NAME=multipart-silo-0;POD_IP=10.0.0.7";

    [Theory]
    [InlineData("", false)]
    [InlineData(InPod, true)]
    [InlineData("KUBERNETES_SERVICE_HOST=10.96.0.1", false)] // a pod without the downward API (a CI runner)
    [InlineData(InPod + ";Orleans:Kubernetes:Enabled=false", false)]
    [InlineData("Orleans:Kubernetes:Enabled=true;KUBERNETES_SERVICE_HOST=10.96.0.1;POD_NAMESPACE=ns;POD_NAME=p;POD_IP=10.0.0.7", true)]
    public async Task TheSettingSwitchesTheKubernetesAgentIntoTheSilo(string settings, bool expected)
    {
        IServiceCollection? services = null;
        await using var app = SiloApplication.Build(Args(settings), b => services = b.Services);
        Assert.Equal(expected, services!.Any(d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationType == typeof(KubernetesClusterAgent)));
    }

    [Theory]
    [InlineData("Orleans:Kubernetes:Enabled=true", "POD_NAME, POD_NAMESPACE, POD_IP, KUBERNETES_SERVICE_HOST are not set")]
    [InlineData("KUBERNETES_SERVICE_HOST=10.96.0.1;POD_NAMESPACE=multipart;POD_NAME=multipart-silo-0", "POD_IP is not set")]
    [InlineData("Orleans:Kubernetes:Enabled=true;KUBERNETES_SERVICE_HOST=10.96.0.1;POD_NAMESPACE=ns;POD_IP=10.0.0.7", "POD_NAME is not set")]
    public void EnabledWithoutThePodVariablesRefusesToBuild(string settings, string failure)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => SiloApplication.Build(Args(settings)));
        Assert.StartsWith("Orleans:Kubernetes:Enabled is on but " + failure, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEnabledSiloRunsOrleansKubernetesAgentAtStart()
    {
        // Orleans reads the namespace from the process environment or the pod's service-account file, and
        // neither exists outside a pod: its agent, built when the silo starts, refuses. The variables this
        // test passes as settings satisfy only this service's own check, so the start reaches Orleans'.
        Assert.False(File.Exists("/var/run/secrets/kubernetes.io/serviceaccount/namespace"), "this test runs outside a Kubernetes pod");
        await using var app = SiloApplication.Build(Args(InPod));
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Equal(typeof(KubernetesHostingOptions), ex.OptionsType);
        Assert.Contains(ex.Failures, f => f.Contains("POD_NAMESPACE environment variable", StringComparison.Ordinal));
    }

    private string[] Args(string settings)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Storage:Provider", "Sqlite",
            "--Storage:DataPath", Path.Combine(_dataRoot, Guid.NewGuid().ToString("N")[..12]),
            "--Auth:RootAccessKey", ServiceHost.AccessKey, "--Auth:RootSecretKey", ServiceHost.SecretKey, "--Logging:LogLevel:Default", "None",
            // Orleans never binds these: the apps are only built, or refused before the listeners start.
            "--Orleans:SiloPort", Port(0), "--Orleans:GatewayPort", Port(1),
            // The object API would resolve the silo's services while the app is built, and with them Orleans'
            // agent; without it the app builds as the split topology's silos do and the agent is made at start.
            "--Gateway:ServeObjectApi", "false",
        };
        foreach (var pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            args.AddRange(["--" + key, value]);
        }

        return args.ToArray();
    }

    private readonly IReadOnlyList<int> _orleansPorts = PickPorts();

    private string Port(int index) => _orleansPorts[index].ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<int> PickPorts()
    {
        using var ports = new HeldPorts(2);
        return ports.Ports;
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }
}

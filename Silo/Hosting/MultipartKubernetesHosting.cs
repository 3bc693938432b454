using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting on the silo: the silo is named after its pod, advertises the pod IP,
/// labels its pod with <c>orleans/serviceId</c> and <c>orleans/clusterId</c>, and declares dead the
/// silos whose pods were deleted. Membership stays on ADO.NET (this is not a membership provider).
/// </summary>
public static class MultipartKubernetesHosting
{
    /// <summary>What Kubernetes sets in every pod; its presence turns the hosting on by default.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The downward-API variables the hosting needs (silo name, namespace of the pods it watches, advertised address).</summary>
    public static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    /// <summary>
    /// Whether <c>Orleans:Kubernetes:Enabled</c> turns the hosting on. Unset, it is on in a pod whose manifest
    /// passes the downward API (<c>KUBERNETES_SERVICE_HOST</c> and <c>POD_NAMESPACE</c> set): a pod that knows
    /// nothing of it (a CI runner on Kubernetes) runs as it would anywhere else.
    /// </summary>
    public static bool KubernetesHostingEnabled(this IConfiguration configuration, KubernetesOptions options) =>
        options.Enabled
        ?? (!string.IsNullOrEmpty(configuration[ServiceHostVariable]) && !string.IsNullOrEmpty(configuration[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]));

    /// <summary>
    /// Adds <c>UseKubernetesHosting</c> when enabled. Refuses to build when enabled without the pod's
    /// variables (<see cref="KubernetesOptionsValidator"/>; environment variables are part of the
    /// configuration), so a manifest that lacks them fails at once with the names instead of running
    /// under a wrong silo name or address.
    /// </summary>
    public static ISiloBuilder UseMultipartKubernetesHosting(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(KubernetesOptions.Section);
        silo.Services.AddOptions<KubernetesOptions>().Bind(section).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesOptions>>(new KubernetesOptionsValidator(configuration)));
        var options = section.BindValidated(KubernetesOptions.Section, new KubernetesOptionsValidator(configuration));
        return configuration.KubernetesHostingEnabled(options)
            ? silo.UseKubernetesHosting(hosting => hosting.Bind(section))
            : silo;
    }
}

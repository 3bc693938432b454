using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Refuses Orleans' Kubernetes hosting turned on (explicitly or by the pod's variables) without every
/// variable it needs from the downward API, naming the missing ones.
/// </summary>
internal sealed class KubernetesOptionsValidator(IConfiguration configuration) : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        if (!configuration.KubernetesHostingEnabled(options))
        {
            return ValidateOptionsResult.Success;
        }

        var missing = MultipartKubernetesHosting.PodVariables.Append(MultipartKubernetesHosting.ServiceHostVariable)
            .Where(v => string.IsNullOrEmpty(configuration[v])).ToArray();
        return missing.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Orleans:Kubernetes:Enabled is on but {string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} not set: Orleans' Kubernetes hosting runs in a pod, " +
                "with POD_NAME, POD_NAMESPACE and POD_IP from the downward API (deploy/kubernetes/base/silo-deployment.yaml). Outside Kubernetes set Orleans:Kubernetes:Enabled=false.");
    }
}

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting (configuration section <c>Orleans:Kubernetes</c>). The rest of the section
/// binds to Orleans' own <c>KubernetesHostingOptions</c> (<c>MaxAgents</c>, <c>DeleteDefunctSiloPods</c>,
/// <c>MaxKubernetesApiRetryAttempts</c>).
/// </summary>
public sealed class KubernetesOptions
{
    public const string Section = "Orleans:Kubernetes";

    /// <summary>
    /// Whether the silo runs <c>UseKubernetesHosting</c>. Default: on when <c>KUBERNETES_SERVICE_HOST</c> (set
    /// by Kubernetes in every pod) and <c>POD_NAMESPACE</c> (the manifest's downward API) are set, off elsewhere.
    /// </summary>
    public bool? Enabled { get; set; }
}

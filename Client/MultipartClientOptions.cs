namespace Orleans.Multipart.Client;

/// <summary>
/// The service account an internal client acts as (configuration section <c>MultipartClient</c>; environment
/// <c>MultipartClient__AccessKeyId</c>, <c>MultipartClient__SecretKey</c>, the secret from a Kubernetes
/// Secret). The cluster is found as the silos name it: <c>Orleans:ClusterId</c>, <c>Orleans:ServiceId</c>,
/// <c>ConnectionStrings:Postgres</c> (without it: the single-node silo on this machine, <c>Orleans:GatewayPort</c>).
/// </summary>
public sealed class MultipartClientOptions
{
    public const string Section = "MultipartClient";

    /// <summary>The account's access key id (created with the admin API or <c>omp-admin keys create</c>). Required.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The access key's secret. Required; never logged.</summary>
    public string? SecretKey { get; set; }
}

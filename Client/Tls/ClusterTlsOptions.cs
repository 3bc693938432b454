namespace Orleans.Multipart.Client.Tls;

/// <summary>
/// Mutual TLS between silos, standalone gateways and internal clients (configuration section
/// <c>Orleans:Tls</c>). Off unless <see cref="CertificatePath"/> is set; then every connection of the
/// cluster is TLS, both ends present the certificate, and a peer is accepted only with the same
/// certificate or one issued by <see cref="CaCertificatePath"/>. Without TLS, the cluster's network must
/// be private: Orleans' own protocol carries no authentication of the process at the other end.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Orleans:Tls";

    /// <summary>The member certificate: a PKCS#12 file (.pfx/.p12), or a PEM certificate with <see cref="KeyPath"/>. Default: none (TLS off).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's when it is encrypted. Default: none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>. Default: none (the key is in the certificate file).</summary>
    public string? KeyPath { get; set; }

    /// <summary>A PEM CA certificate: peers with a certificate it issued are accepted too (per-member certificates). Default: none (peers must present the same certificate).</summary>
    public string? CaCertificatePath { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(CertificatePath);
}

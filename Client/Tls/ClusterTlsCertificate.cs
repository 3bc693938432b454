using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Orleans.Multipart.Client.Tls;

/// <summary>Loads the member certificate of <see cref="ClusterTlsOptions"/> and decides which peers to accept.</summary>
public static class ClusterTlsCertificate
{
    /// <summary>The options under <c>Orleans:Tls</c>.</summary>
    public static ClusterTlsOptions GetClusterTlsOptions(this IConfiguration configuration) =>
        configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();

    /// <summary>The certificate with its private key; throws <see cref="InvalidOperationException"/> naming the setting when it cannot be loaded.</summary>
    public static X509Certificate2 Load(ClusterTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new InvalidOperationException("Orleans:Tls:CertificatePath is not set.");
        try
        {
            X509Certificate2 certificate;
            if (!string.IsNullOrEmpty(options.KeyPath))
            {
                certificate = string.IsNullOrEmpty(options.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, options.KeyPath);
                // An ephemeral PEM key cannot serve TLS on every platform: round-trip through PKCS#12.
                certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
            else
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            }

            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"Orleans:Tls:CertificatePath {path} has no private key (set Orleans:Tls:KeyPath for a PEM certificate).");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Orleans:Tls:CertificatePath {path} could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>Mutual TLS with <paramref name="certificate"/>: both ends present a certificate, and only cluster members' are accepted.</summary>
    public static void Configure(TlsOptions tls, X509Certificate2 certificate, ClusterTlsOptions options)
    {
        var authority = string.IsNullOrEmpty(options.CaCertificatePath) ? null : X509Certificate2.CreateFromPemFile(options.CaCertificatePath);
        tls.LocalCertificate = certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) => IsClusterMember(remote, certificate, authority);
    }

    /// <summary>
    /// The same certificate as ours (one cluster certificate in a Secret, self-signed), or one that
    /// <paramref name="authority"/> issued. Host names are not checked: members are addressed by pod IP.
    /// </summary>
    internal static bool IsClusterMember(X509Certificate2? remote, X509Certificate2 local, X509Certificate2? authority)
    {
        if (remote is null)
        {
            return false;
        }

        if (remote.RawDataMemory.Span.SequenceEqual(local.RawDataMemory.Span))
        {
            return true;
        }

        if (authority is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }

}

using Orleans.Multipart.Client.Tls;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Mutual TLS on the silo's silo-to-silo and client (gateway) ports when <c>Orleans:Tls:CertificatePath</c> is set (<see cref="ClusterTlsOptions"/>).</summary>
public static class SiloTls
{
    public static ISiloBuilder UseMultipartTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetClusterTlsOptions();
        if (!options.Enabled)
        {
            return silo;
        }

        var certificate = ClusterTlsCertificate.Load(options);
        return silo.UseTls(certificate, tls => ClusterTlsCertificate.Configure(tls, certificate, options));
    }
}

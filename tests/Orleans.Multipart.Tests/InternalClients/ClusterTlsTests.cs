using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Client;

namespace Orleans.Multipart.Tests.InternalClients;

/// <summary>
/// Orleans:Tls: a silo and an internal client holding the cluster's (self-signed) certificate talk over
/// mutual TLS, from a PKCS#12 file or a PEM certificate and key; a client without the certificate, or
/// with another one, cannot connect.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("omp-tls-").FullName;
    private InternalClientSilo _silo = null!;
    private Dictionary<string, string?> _pfx = null!;
    private Dictionary<string, string?> _pem = null!;

    public async Task InitializeAsync()
    {
        using var certificate = SelfSigned("omp-cluster");
        _pfx = WritePfx(certificate, "cluster.pfx");
        _pem = new Dictionary<string, string?>
        {
            ["Orleans:Tls:CertificatePath"] = Write("cluster.crt", certificate.ExportCertificatePem()),
            ["Orleans:Tls:KeyPath"] = Write("cluster.key", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        };
        _silo = await InternalClientSilo.StartAsync(_pfx);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task AClientWithTheClusterCertificateWorks(string format)
    {
        var services = await _silo.ClientAsync(InternalClientSilo.RootAccessKey, InternalClientSilo.RootSecretKey, format == "pfx" ? _pfx : _pem);
        var created = await services.GetRequiredService<IMultipartClient>().CreateBucketAsync($"tls-{format}", BucketRule.Concurrent);
        Assert.Equal($"tls-{format}", created.Name);
    }

    [Theory]
    [InlineData("no certificate")]
    [InlineData("another certificate")]
    public async Task AClientWithoutTheClusterCertificateCannotConnect(string client)
    {
        Dictionary<string, string?>? settings = null;
        if (client == "another certificate")
        {
            using var other = SelfSigned("someone-else");
            settings = WritePfx(other, "other.pfx");
        }

        // The client retries its connection until its start gives up; it never gets a working connection.
        await Assert.ThrowsAnyAsync<Exception>(() =>
            _silo.ClientAsync(InternalClientSilo.RootAccessKey, InternalClientSilo.RootSecretKey, settings, connectTimeout: TimeSpan.FromSeconds(10)));
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private Dictionary<string, string?> WritePfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        return new Dictionary<string, string?> { ["Orleans:Tls:CertificatePath"] = path, ["Orleans:Tls:CertificatePassword"] = "pfx-password" };
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}

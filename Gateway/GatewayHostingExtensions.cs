using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway;

/// <summary>Web host settings every process that serves the HTTP gateway needs (a silo or a standalone gateway).</summary>
public static class GatewayHostingExtensions
{
    /// <summary>Whether this process serves the HTTP object API (<c>Gateway:ServeObjectApi</c>, default true; false on silos behind standalone gateways).</summary>
    public static bool ServesObjectApi(this IConfiguration configuration) => configuration.GetValue("Gateway:ServeObjectApi", true);

    /// <summary>Listens on <c>urls</c> (default http://localhost:8080) with Kestrel limits fit for part bodies.</summary>
    public static IWebHostBuilder ConfigureMultipartKestrel(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        webHost.UseUrls(configuration["urls"] ?? "http://localhost:8080");

        // Part bodies are received in 64 KiB blocks, not Kestrel's 4 KiB (why: LargeBlockMemoryPool). Registered
        // after Kestrel's own factory (the web host registers it first), so this one is the one resolved.
        webHost.ConfigureServices(services => services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>());
        return webHost.ConfigureKestrel(kestrel =>
        {
            // Parts reach 5 GiB and may arrive slowly: no body size cap here (the gateway checks
            // per operation before reading) and no minimum data rate.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.AddServerHeader = false;

            // User metadata that is not UTF-8 (minio-js sends ISO-8859-1 bytes) is kept byte for byte
            // instead of refused with a bare 400, and answered with the same bytes; any other header
            // that is not UTF-8 reaches the gateway too, which refuses it in the caller's dialect.
            kestrel.RequestHeaderEncodingSelector = _ => RawHeaderEncoding.Instance;
            kestrel.ResponseHeaderEncodingSelector = name => RawHeaderEncoding.Applies(name) ? RawHeaderEncoding.Instance : null;
        });
    }
}

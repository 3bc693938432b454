using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Multipart.Client.Credentials;
using Orleans.Multipart.Client.Tls;

namespace Orleans.Multipart.Client;

public static class MultipartClientServiceCollectionExtensions
{
    /// <summary>Between connection attempts while no silo answers; the host's start token ends the attempts.</summary>
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An Orleans client to the service's cluster acting as the account of <c>MultipartClient:AccessKeyId</c> /
    /// <c>SecretKey</c> (validated when the host starts), with <see cref="IMultipartClient"/>. Every grain call
    /// carries the key's call credential; the silos refuse what the account may not do.
    /// </summary>
    public static IHostApplicationBuilder AddMultipartClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMultipartClient(builder.Configuration);
        return builder;
    }

    /// <inheritdoc cref="AddMultipartClient(IHostApplicationBuilder)"/>
    public static IServiceCollection AddMultipartClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MultipartClientOptions>().Bind(configuration.GetSection(MultipartClientOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MultipartClientOptions>, MultipartClientOptionsValidator>());
        services.TryAddSingleton<IMultipartClient, MultipartClient>();
        services.AddOrleansClient(client =>
        {
            client.UseMultipartClientCluster(configuration);
            client.Services.AddSingleton(sp =>
            {
                var account = sp.GetRequiredService<IOptions<MultipartClientOptions>>().Value;
                return new CallSigner(account.AccessKeyId!, account.SecretKey!, sp.GetService<TimeProvider>());
            });
            client.AddOutgoingGrainCallFilter<CallSigningFilter>();
        });
        return services;
    }

    /// <summary>
    /// The cluster as the silos name it: <c>Orleans:ClusterId</c> / <c>Orleans:ServiceId</c> (default
    /// orleans-multipart), the PostgreSQL membership table's gateway list when <c>ConnectionStrings:Postgres</c>
    /// is set, otherwise the single-node silo on this machine (<c>Orleans:GatewayPort</c>, default 30000);
    /// TLS when <c>Orleans:Tls:CertificatePath</c> is set.
    /// </summary>
    public static IClientBuilder UseMultipartClientCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = orleans["ClusterId"] ?? "orleans-multipart";
            o.ServiceId = orleans["ServiceId"] ?? "orleans-multipart";
        });
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(ConnectRetryDelay, cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        });
        client.UseMultipartTls(configuration);
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString)
        {
            return client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        }

        return client.UseLocalhostClustering(orleans.GetValue("GatewayPort", 30000));
    }

    /// <summary>
    /// Signs every call this client makes with <paramref name="accessKeyId"/> (the standalone gateway with the
    /// root key, acting for its HTTP callers; test clusters' clients).
    /// </summary>
    public static IClientBuilder AddMultipartCallSigning(this IClientBuilder client, string accessKeyId, string secretKey)
    {
        client.Services.AddSingleton(sp => new CallSigner(accessKeyId, secretKey, sp.GetService<TimeProvider>()));
        return client.AddOutgoingGrainCallFilter<CallSigningFilter>();
    }

    /// <summary>Mutual TLS to the silos when <c>Orleans:Tls:CertificatePath</c> is set (<see cref="ClusterTlsOptions"/>).</summary>
    public static IClientBuilder UseMultipartTls(this IClientBuilder client, IConfiguration configuration)
    {
        var options = configuration.GetClusterTlsOptions();
        if (!options.Enabled)
        {
            return client;
        }

        var certificate = ClusterTlsCertificate.Load(options);
        return client.UseTls(certificate, tls => ClusterTlsCertificate.Configure(tls, certificate, options));
    }
}

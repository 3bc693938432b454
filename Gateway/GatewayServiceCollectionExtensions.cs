using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.S3;

namespace Orleans.Multipart.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds the HTTP gateway and its dialects, bound to the <c>Gateway</c> and <c>Auth</c> configuration sections.</summary>
    public static IServiceCollection AddMultipartGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection("Gateway")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.Configure<S3Options>(configuration.GetSection("Gateway:S3"));
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddSingleton<ICredentialStore, ConfiguredCredentialStore>();
        services.AddSingleton<ObjectFrontend>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<SigV2Verifier>();
        services.Configure<Cdcs.CdcsOptions>(configuration.GetSection("Gateway:Cdcs"));
        services.AddSingleton<IProtocolDialect, S3Dialect>();
        services.AddSingleton<IProtocolDialect, Cdcs.CdcsDialect>();
        services.Configure<Wos.WosOptions>(configuration.GetSection("Gateway:Wos"));
        services.AddSingleton<IProtocolDialect, Wos.WosDialect>();
        services.Configure<QingStor.QingStorOptions>(configuration.GetSection("Gateway:QingStor"));
        services.AddSingleton<IProtocolDialect, QingStor.QingStorDialect>();
        services.Configure<Jss.JssOptions>(configuration.GetSection("Gateway:Jss"));
        services.AddSingleton<IProtocolDialect, Jss.JssDialect>();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<DialectRouter>();
        return services;
    }

    /// <summary>Sends every request that no other endpoint claims to its dialect.</summary>
    public static IEndpointRouteBuilder MapMultipartGateway(this IEndpointRouteBuilder endpoints)
    {
        var router = endpoints.ServiceProvider.GetRequiredService<DialectRouter>();
        endpoints.Map("/{**path}", router.HandleAsync).WithDisplayName("multipart gateway");
        return endpoints;
    }
}

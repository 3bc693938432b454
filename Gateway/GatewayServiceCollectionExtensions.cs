using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Multipart.Gateway.Admin;
using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.Jss;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Gateway.S3;
using Orleans.Multipart.Gateway.Wos;

namespace Orleans.Multipart.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HTTP gateway (bound to the <c>Gateway</c> and <c>Auth</c> configuration sections) with
    /// its five dialects; a further dialect is one <see cref="GatewayBuilder.AddDialect{TDialect, TOptions}"/> call.
    /// </summary>
    public static GatewayBuilder AddMultipartGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection("Gateway")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Auth")).Validate(o => o.KeyCacheTtl > TimeSpan.Zero && o.KeyCacheTtl <= TimeSpan.FromMinutes(1), "Auth:KeyCacheTtl must be positive and at most 00:01:00.").ValidateOnStart();
        services.TryAddSingleton<ICredentialStore, ClusterCredentialStore>(); // accounts' keys through their grains (both hosts have a grain factory)
        services.TryAddSingleton<ObjectFrontend>();
        services.TryAddSingleton<OperationExecutor>();
        services.TryAddSingleton<CorsPreflight>();
        services.TryAddSingleton<BucketAccessCache>();
        services.TryAddSingleton<AccountNames>(); // display names in ACL answers (s3acl)
        services.TryAddSingleton<AccessAudit>();
        services.TryAddSingleton<RequestAuthorizer>();
        services.TryAddSingleton<GatewayPipeline>();
        services.TryAddSingleton<SigV4Verifier>();
        services.TryAddSingleton<SigV2Verifier>();
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<DialectRouter>();
        services.AddMultipartAdmin(configuration); // the admin API under /-/admin (Gateway/Admin)
        return new GatewayBuilder(services, configuration)
            .AddDialect<S3Dialect, S3Options>("Gateway:S3")
            .AddDialect<CdcsDialect, CdcsOptions>("Gateway:Cdcs")
            .AddDialect<WosDialect, WosOptions>("Gateway:Wos")
            .AddDialect<QingStorDialect, QingStorOptions>("Gateway:QingStor")
            .AddDialect<JssDialect, JssOptions>("Gateway:Jss");
    }

    /// <summary>Sends every request that no other endpoint claims to its dialect.</summary>
    public static IEndpointRouteBuilder MapMultipartGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMultipartAdmin();
        var router = endpoints.ServiceProvider.GetRequiredService<DialectRouter>();
        endpoints.Map("/{**path}", router.HandleAsync).WithDisplayName("multipart gateway");
        return endpoints;
    }
}

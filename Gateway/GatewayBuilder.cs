using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Multipart.Gateway;

/// <summary>Registers the gateway's dialects (<see cref="GatewayServiceCollectionExtensions.AddMultipartGateway"/> adds the five built in).</summary>
public sealed class GatewayBuilder(IServiceCollection services, IConfiguration configuration)
{
    public IServiceCollection Services => services;

    /// <summary>Adds a dialect that has no options of its own.</summary>
    internal GatewayBuilder AddDialect<TDialect>()
        where TDialect : class, IDialect
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDialect, TDialect>());
        return this;
    }

    /// <summary>Adds a dialect with its options bound to <paramref name="section"/> and validated at start.</summary>
    internal GatewayBuilder AddDialect<TDialect, TOptions>(string section)
        where TDialect : class, IDialect
        where TOptions : class, IDialectOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, DialectOptionsValidator<TOptions>>());
        return AddDialect<TDialect>();
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>Chooses the dialect of a request from configuration: the first binding whose port and host suffix match, else the default.</summary>
public sealed class DialectRouter
{
    private readonly Dictionary<string, IProtocolDialect> _dialects;
    private readonly GatewayOptions _options;

    public DialectRouter(IEnumerable<IProtocolDialect> dialects, IOptions<GatewayOptions> options)
    {
        _dialects = dialects.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        _options = options.Value;
        foreach (var name in _options.Dialects.Select(b => b.Dialect).Append(_options.DefaultDialect))
        {
            if (!_dialects.ContainsKey(name))
            {
                throw new InvalidOperationException($"Gateway configuration names dialect '{name}', which is not registered. Known: {string.Join(", ", _dialects.Keys)}.");
            }
        }
    }

    public IProtocolDialect Select(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var host = context.Request.Host.Host;
        foreach (var binding in _options.Dialects)
        {
            if ((binding.Port is null || binding.Port == port)
                && (binding.HostSuffix is null || host.EndsWith(binding.HostSuffix, StringComparison.OrdinalIgnoreCase)))
            {
                return _dialects[binding.Dialect];
            }
        }

        return _dialects[_options.DefaultDialect];
    }

    public Task HandleAsync(HttpContext context)
    {
        ExpectContinueGuard.Watch(context);
        var dialect = Select(context);
        RequestDialect.Set(dialect.Name);
        return dialect.HandleAsync(context);
    }
}

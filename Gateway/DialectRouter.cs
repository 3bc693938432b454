using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway;

/// <summary>
/// Chooses the dialect of a request from configuration (the first binding whose port and host suffix
/// match, else the default; never the request body), runs it through the <see cref="GatewayPipeline"/>,
/// and writes the one log line per request (<see cref="RequestRecord"/>).
/// </summary>
internal sealed partial class DialectRouter
{
    private readonly Dictionary<string, IDialect> _dialects;
    private readonly GatewayOptions _options;
    /// <summary>
    /// The request log's category, as README documents it (operators filter on it): named here, not taken from this
    /// type, which moved out of Core when the layers' arrows were made to point one way.
    /// </summary>
    public const string RequestLogCategory = "Orleans.Multipart.Gateway.Core.DialectRouter";

    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayPipeline _pipeline;

    public DialectRouter(IEnumerable<IDialect> dialects, GatewayPipeline pipeline, IOptions<GatewayOptions> options, ILoggerFactory loggers, GatewayMetrics metrics)
    {
        _pipeline = pipeline;
        _logger = loggers.CreateLogger(RequestLogCategory);
        _metrics = metrics;
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

    public IDialect Select(HttpContext context)
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

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var dialect = Select(context);
        var record = RequestRecord.Of(context);
        record.Dialect = dialect.Name;
        BodyDrainGuard.Watch(context);
        ExpectContinueGuard.Watch(context);
        RequestDialect.Set(dialect.Name);
        try
        {
            await _pipeline.HandleAsync(context, dialect);
        }
        finally
        {
            var took = Stopwatch.GetElapsedTime(started);
            _metrics.Record(record, context.Response.StatusCode, took);
            Log.Request(_logger, record.Dialect, record.Operation ?? "-", record.Bucket ?? "-", context.Response.StatusCode, record.ErrorCode ?? "-",
                context.Request.ContentLength ?? 0, context.Response.ContentLength ?? 0, took.TotalMilliseconds, record.RequestId);
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Keeps every structured log entry (its named values) so a test can read what the service logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>Waits for an entry the service writes after the response went out (the request line is written last).</summary>
    public async Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (_entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("no matching log entry was written");
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, eventId.Id));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, int EventId = 0)
{
    public string? this[string name] => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

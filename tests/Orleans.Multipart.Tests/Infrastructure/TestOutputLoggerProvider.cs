using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A test host's log written to the test's own output: the console runner shows a test's output only
/// when it fails, so a passing test's service log stays out of the run's output.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, output);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ITestOutputHelper output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished (a host stopping after it): there is no output to write to.
            }
        }
    }
}

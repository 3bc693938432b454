using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Polls what a user would see until it shows that background work (a lifecycle sweep, a gauge refresh) has happened,
/// and fails, naming what was awaited and how long, once the patience is spent. The work runs on its own schedule, so
/// a test waits for its effect rather than for a fixed time; the patience is generous because the machine may be a
/// loaded 2-core one.
/// </summary>
internal static class Eventually
{
    /// <summary>
    /// The patience unless a test gives its own: how long a rule of one short lifecycle day (the test-only
    /// Multipart:LifecycleDayLength, swept every second) may take to act on a loaded machine.
    /// </summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null, TimeSpan? interval = null)
    {
        var limit = patience ?? DefaultPatience;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"{what} did not happen within {limit.TotalSeconds} s");
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds of what was read, and returns that; a failure shows the last read
    /// (as JSON, or as <paramref name="describe"/> writes it).
    /// </summary>
    public static async Task<T> ReadsAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? patience = null, TimeSpan? interval = null, Func<T, string>? describe = null)
    {
        var limit = patience ?? DefaultPatience;
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!done(last))
        {
            Assert.True(clock.Elapsed < limit, $"{what} did not happen within {limit.TotalSeconds} s; last read: {(describe is null ? JsonSerializer.Serialize(last) : describe(last))}");
            await Task.Delay(interval ?? DefaultInterval);
            last = await read();
        }

        return last;
    }
}

using System.Globalization;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// The machine's 1-minute load average over the run (start, end, highest sampled every 2 s): the
/// machine is shared, and a ratio means more when one knows how busy it was.
/// </summary>
public sealed class LoadAverage : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private double _max;

    public LoadAverage()
    {
        Start = Read();
        _max = Start;
        _sampler = SampleAsync();
    }

    public double Start { get; }

    public double Max => Volatile.Read(ref _max);

    public static double Read() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token);
                var now = Read();
                if (now > _max)
                {
                    Volatile.Write(ref _max, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

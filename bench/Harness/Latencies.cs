using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>Request latencies of one run, and the client's own CPU over it.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    public int Count
    {
        get
        {
            lock (_ms)
            {
                return _ms.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_ms)
        {
            _ms.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Seconds => _wall.Elapsed.TotalSeconds;

    /// <summary>Share of the machine's CPU the load generator used during the run (0..1).</summary>
    public double ClientCpuShare => (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds / (_wall.Elapsed.TotalSeconds * Environment.ProcessorCount);

    public double Percentile(double p)
    {
        lock (_ms)
        {
            if (_ms.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _ms.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }
}

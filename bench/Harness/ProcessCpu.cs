using System.Globalization;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// CPU time a process has used (user + system, all its threads), read from <c>/proc/PID/stat</c>:
/// what the server spent, whoever asked. Resolution is one clock tick (10 ms at the usual 100 Hz),
/// so the scenarios measure over enough requests that a tick is a small share.
/// </summary>
public static class ProcessCpu
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);

    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Field 2 is the command name in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond.Value);
    }

    public static TimeSpan Of(IEnumerable<int> pids) => pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + Of(pid));

    private static double ReadTicksPerSecond()
    {
        try
        {
            var text = Shell.RunAsync("getconf", "CLK_TCK").GetAwaiter().GetResult().Trim();
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
        {
            return 100; // USER_HZ on every Linux architecture the service runs on
        }
    }
}

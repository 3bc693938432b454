using System.Diagnostics;
using System.Globalization;
using Orleans.Multipart.Bench.Harness;

// Server CPU per CreateMultipartUpload: the service process's utime+stime (/proc/<pid>/stat) before and
// after a fixed number of signed initiates at each concurrency, divided by the count. CPU time per
// operation is what a shared machine disturbs least, unlike a rate.
//   cpu-per-request URL PID COUNT CONCURRENCY...   (dev credentials, bucket "cpu")
// CPU_AS_ACCOUNT=1 signs as the bench's ordinary account (BenchPrincipal) instead of the root key: the root key is an
// administrator, which the gateway passes without authorization, so only the account's figure includes it.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: cpu-per-request URL PID COUNT CONCURRENCY...");
    return 2;
}

var url = new Uri(args[0]);
var pid = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var concurrencies = args[3..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
const string RootAccessKey = "omp-dev-access-key", RootSecretKey = "omp-dev-secret-key-change-me";
BenchPrincipal.AsAdmin = Environment.GetEnvironmentVariable("CPU_AS_ACCOUNT") != "1";
var principal = await BenchPrincipal.ForAsync(url, RootAccessKey, RootSecretKey);
Console.WriteLine($"signed as {principal.Describe}");
var client = new SigV4Client("service", url, principal.AccessKey, principal.SecretKey, concurrencies.Max());
await client.CreateBucketAsync("cpu");
// Warm-up past tiered compilation (tier-1 and PGO rejits land in the first thousands of calls, and
// would otherwise all be charged to the first concurrency measured), pools and the bucket grain.
await RunAsync(concurrencies.Max(), 6000, "warm-up");
await Task.Delay(TimeSpan.FromSeconds(2));
await RunAsync(1, 300, "warm-up");

foreach (var concurrency in concurrencies)
{
    var n = concurrency == 1 ? count / 2 : count; // one at a time is slow; its CPU per request is not noisier

    // The process's own background CPU (tiered compilation, GC, Orleans' timers) in the seconds before:
    // after a start or a burst it is not small, and at concurrency 1 it would count as per-request cost.
    var idleStart = CpuTicks(pid);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var idleMsPerSecond = (CpuTicks(pid) - idleStart) * 1000.0 / 100 / 3;
    var before = CpuTicks(pid);
    var wall = Stopwatch.StartNew();
    await RunAsync(concurrency, n, "run");
    wall.Stop();
    var ticks = CpuTicks(pid) - before;
    var cpuMs = ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"concurrency {concurrency,3}: {n} initiates, {n / wall.Elapsed.TotalSeconds,7:0} /s, server cpu {cpuMs / n:0.000} ms/initiate ({(cpuMs - idleMsPerSecond * wall.Elapsed.TotalSeconds) / n:0.000} less the {idleMsPerSecond:0} ms/s idle before), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
}

return 0;

async Task RunAsync(int concurrency, int total, string prefix)
{
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        while (Interlocked.Increment(ref next) is var n && n <= total)
        {
            await client.InitiateAsync("cpu", $"{prefix}/{worker}/{n}/{Guid.NewGuid():N}");
        }
    }));
}

static long CpuTicks(int pid)
{
    // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

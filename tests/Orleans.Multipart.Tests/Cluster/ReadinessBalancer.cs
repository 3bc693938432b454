using Amazon.S3;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// What a load balancer in front of the entry points does: polls each one's /readyz every
/// <see cref="Period"/> and sends requests only to those that answered 200 last time.
/// </summary>
public sealed class ReadinessBalancer : IAsyncDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly Uri[] _entryPoints;
    private readonly AmazonS3Client[] _clients;
    private readonly bool[] _ready;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private int _next;

    public ReadinessBalancer(IReadOnlyList<Uri> entryPoints)
    {
        _entryPoints = [.. entryPoints];
        _clients = [.. entryPoints.Select(ProcessCluster.S3)];
        _ready = [.. entryPoints.Select(_ => true)];
        _polling = Task.Run(PollAsync);
    }

    /// <summary>
    /// The next ready entry point (round robin) and its client. When none is ready the request waits for one, as
    /// a balancer holds a connection while its backends come back (on a loaded machine every probe of a poll can
    /// time out at once); it fails only after <paramref name="patience"/> (default 30 s).
    /// </summary>
    public (Uri EntryPoint, AmazonS3Client Client) Next(TimeSpan? patience = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            for (var tries = 0; tries < _clients.Length * 2; tries++)
            {
                var i = (int)((uint)Interlocked.Increment(ref _next) % _clients.Length);
                if (Volatile.Read(ref _ready[i]))
                {
                    return (_entryPoints[i], _clients[i]);
                }
            }

            if (waited.Elapsed > (patience ?? TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException($"no entry point was ready for {waited.Elapsed.TotalSeconds:0} s");
            }

            Thread.Sleep(Period / 2);
        }
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.WhenAll(_entryPoints.Select(async (uri, i) =>
            {
                bool ready;
                try
                {
                    using var response = await _http.GetAsync(new Uri(uri, "readyz"), _stop.Token);
                    ready = response.IsSuccessStatusCode;
                }
                catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
                {
                    // A probe that timed out got no answer (a loaded machine, not a draining silo, which answers
                    // 503 at once): the entry point keeps its state until a probe is answered or refused.
                    return;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    ready = false;
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Volatile.Write(ref _ready[i], ready);
            }));
            try
            {
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _http.Dispose();
        _stop.Dispose();
    }
}

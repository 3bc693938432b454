using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Admin;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Keeps this silo's open-upload gauges current while the silo is active: every
/// <see cref="StaleUploadsOptions.RefreshPeriod"/> it asks the cluster's summary grain for the latest summary.
/// The grain runs the query at most once per period for the whole cluster; a scrape only reads memory.
/// </summary>
internal sealed partial class OpenUploadGaugesRefresher(
    IGrainFactory grains,
    OpenUploadGauges gauges,
    IOptions<StaleUploadsOptions> options,
    TimeProvider time,
    ILogger<OpenUploadGaugesRefresher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<OpenUploadGaugesRefresher>(ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RefreshUntilStoppedAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RefreshUntilStoppedAsync(CancellationToken stopping)
    {
        var summaries = grains.GetGrain<IOpenUploadSummaryGrain>(IOpenUploadSummaryGrain.DefaultKey);
        var failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                gauges.Update(await summaries.Latest().WaitAsync(stopping));
                failing = false;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The gauges keep their last figures; one warning per outage, not one per period.
                if (!failing)
                {
                    Log.RefreshFailed(logger, e);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(options.Value.RefreshPeriod, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4110, LogLevel.Warning, "Could not refresh the open-upload gauges; they keep their last figures until the summary can be read again.")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}

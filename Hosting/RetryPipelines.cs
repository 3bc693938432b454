using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// Every automatic retry of the service, as Polly resilience pipelines, with its defaults in one
/// place. Only operations that cannot take effect twice are retried: a database transaction that the
/// database rolled back, a grain call that Orleans rejected before it reached the grain. Everything
/// else (a timeout, a lost connection mid-call) is an unknown outcome and reaches the client as 503.
/// Shared by the silo (its SQL transactions) and both hosts (the rejected-call filter).
/// </summary>
public static class RetryPipelines
{
    /// <summary>Attempts of a write transaction in all (the first and 4 retries).</summary>
    public const int SqlTransactionAttempts = 5;

    /// <summary>
    /// Wait before retry n: about n × this, ±25% jitter (Polly's linear backoff), so that the writers
    /// that deadlocked or met a serialization failure together do not collide again: 10, 20, 30, 40 ms.
    /// </summary>
    public static readonly TimeSpan SqlTransactionBackoff = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Further attempts after a rejected grain call; by then the directory has moved on to the new
    /// activation. Four (2 s of backoff in all): with two, a drain under the whole test suite's load
    /// still let 2 of ~580 calls through as 503s, the directory taking longer than 0.6 s to catch up on
    /// a busy machine.
    /// </summary>
    public const int RejectedCallRetries = 4;

    /// <summary>Wait before retry n: n × this (200, 400, 600, 800 ms), long enough for a membership table refresh to be seen by a busy silo.</summary>
    public static readonly TimeSpan RejectedCallBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>A write transaction: retried when <paramref name="isTransient"/> says the database rolled it back (deadlock, serialization failure, SQLite busy).</summary>
    public static ResiliencePipeline SqlTransaction(Func<Exception, bool> isTransient) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && isTransient(ex)),
                MaxRetryAttempts = SqlTransactionAttempts - 1,
                BackoffType = DelayBackoffType.Linear,
                Delay = SqlTransactionBackoff,
                UseJitter = true,
            })
            .Build();

    /// <summary>
    /// A grain call whose outcome is an <see cref="OrleansMessageRejectionException"/>, thrown or carried
    /// in the response (the callback answers it, null when the call was not rejected).
    /// </summary>
    public static ResiliencePipeline<OrleansMessageRejectionException?> RejectedGrainCall(Func<OnRetryArguments<OrleansMessageRejectionException?>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder<OrleansMessageRejectionException?>()
            .AddRetry(new RetryStrategyOptions<OrleansMessageRejectionException?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is OrleansMessageRejectionException || args.Outcome.Result is not null),
                MaxRetryAttempts = RejectedCallRetries,
                BackoffType = DelayBackoffType.Linear,
                Delay = RejectedCallBackoff,
                UseJitter = false,
                OnRetry = onRetry,
            })
            .Build();
}

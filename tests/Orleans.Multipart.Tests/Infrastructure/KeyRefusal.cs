using System.Diagnostics;
using Amazon.S3;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Measures how long after a change to a key a gateway starts refusing it: signed requests, one after another, until one is refused.</summary>
public static class KeyRefusal
{
    /// <summary>
    /// Sends <paramref name="request"/> until it fails with <paramref name="errorCode"/> (403), and answers the
    /// time since <paramref name="since"/> started. Gives up after <paramref name="giveUp"/> (far beyond any
    /// promise, so that a slow machine shows its real time instead of a timeout).
    /// </summary>
    public static async Task<TimeSpan> WaitAsync(Stopwatch since, Func<Task> request, string errorCode, TimeSpan? giveUp = null)
    {
        var limit = giveUp ?? TimeSpan.FromSeconds(30);
        string last = "no request answered";
        while (since.Elapsed < limit)
        {
            try
            {
                await request();
                last = "accepted";
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == errorCode && (int)e.StatusCode == 403)
            {
                return since.Elapsed;
            }
            catch (AmazonS3Exception e)
            {
                last = $"{(int)e.StatusCode} {e.ErrorCode}";
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"still not refused with {errorCode} after {limit.TotalSeconds} s (last answer: {last})");
    }
}

using System.Collections.Concurrent;
using Amazon.S3;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Every answer a load test's client saw, counted by status and code (retried attempts included), so a
/// crash or outage run reports its totals per status and can assert that none was a 500.
/// </summary>
public sealed class StatusTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Success() => Add("200");

    /// <summary>Counts a failed attempt: its status and error code, or the exception's type when there was no HTTP answer.</summary>
    public void Failure(Exception exception) => Add(exception switch
    {
        AmazonS3Exception s3 when s3.StatusCode != 0 => $"{(int)s3.StatusCode} {s3.ErrorCode}",
        _ => (exception.InnerException ?? exception).GetType().Name,
    });

    public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public int Total => _counts.Values.Sum();

    /// <summary>Every outcome seen ("200", "503 ServiceUnavailable", "HttpRequestException") and how often.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => new Dictionary<string, int>(_counts);

    /// <summary>How many answers had HTTP status <paramref name="status"/>.</summary>
    public int CountOf(int status) => _counts.Where(c => c.Key.StartsWith(status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal) || c.Key == status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Sum(c => c.Value);

    public override string ToString() => $"{Total} answers: " + string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value}x {c.Key}"));
}

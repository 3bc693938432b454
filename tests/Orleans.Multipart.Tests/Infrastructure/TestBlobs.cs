namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Which blob backend the test hosts use: the local directory (default), or, with <c>OMP_TEST_BLOBS=S3</c>
/// (test.sh's second pass), the test RGW (<see cref="TestRgw"/>), each host on a bucket of its own. Every
/// in-process host (<see cref="ServiceHost"/>, the in-process clusters) and every process cluster
/// (<see cref="ProcessCluster"/>) asks here, so one switch runs the same tests on either backend.
/// </summary>
public static class TestBlobs
{
    public const string Variable = "OMP_TEST_BLOBS";

    /// <summary>True when the hosts put their blobs in the test RGW.</summary>
    public static bool UseS3 => Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" or "Local" => false,
        "S3" => true,
        var other => throw new InvalidOperationException($"{Variable} must be Local or S3, not '{other}'."),
    };

    /// <summary>
    /// The blob settings (configuration keys) for one host, or none for the local store. A host keeps them
    /// across restarts: the bucket and the encryption key must stay the same for its blobs to read back.
    /// </summary>
    public static async Task<Dictionary<string, string>> SettingsAsync() =>
        UseS3 ? TestRgw.Settings(await TestRgw.CreateBucketAsync()) : [];

    /// <summary>The same settings as environment variables for a process (<c>Storage__Blobs__S3__Bucket</c>).</summary>
    public static Dictionary<string, string> AsEnvironment(IReadOnlyDictionary<string, string> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}

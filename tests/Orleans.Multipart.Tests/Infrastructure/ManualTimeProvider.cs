namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand. Superseded by Microsoft.Extensions.TimeProvider.Testing's
/// FakeTimeProvider (referenced by this project): its last user is Unit/SigV4VerifierTests, which the
/// gateway rewrite owns; delete this file when that test constructs a FakeTimeProvider instead.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.UtcTicks;

    public void Advance(TimeSpan by) => Now += by;
}

namespace Orleans.Multipart.Tests.Unit;

/// <summary>x-amz-copy-source-if-* as S3 evaluates them, pairs included.</summary>
public sealed class CopySourceConditionTests
{
    private const string ETag = "9e107d9d372bb6826bd81d3542a419d6";
    private static readonly DateTimeOffset Modified = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Modified.AddHours(-1);
    private static readonly DateTimeOffset After = Modified.AddHours(1);

    public static TheoryData<string?, string?, DateTimeOffset?, DateTimeOffset?, bool> Cases() => new()
    {
        { null, null, null, null, true },
        { "\"" + ETag + "\"", null, null, null, true },
        { "\"other\"", null, null, null, false },
        { "*", null, null, null, true },
        { null, "\"" + ETag + "\"", null, null, false },
        { null, "\"other\"", null, null, true },
        { null, null, Before, null, true },
        { null, null, After, null, false },
        { null, null, Modified.AddMilliseconds(300), null, false }, // within the named second: not modified since
        { null, null, null, After, true },
        { null, null, null, Before, false },
        { "\"" + ETag + "\"", null, null, Before, true },  // a matching If-Match overrides If-Unmodified-Since
        { "\"other\"", null, null, After, false },
        { null, "\"other\"", After, null, true },          // a holding If-None-Match overrides If-Modified-Since
        { null, "\"" + ETag + "\"", Before, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConditionsHoldOrFailAsS3Says(string? ifMatch, string? ifNoneMatch, DateTimeOffset? ifModifiedSince, DateTimeOffset? ifUnmodifiedSince, bool holds)
    {
        var source = new CopySource("b", "k", ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince);
        if (holds)
        {
            source.Check(ETag, Modified);
        }
        else
        {
            Assert.Equal(MultipartError.PreconditionFailed, Assert.Throws<MultipartException>(() => source.Check(ETag, Modified)).Error);
        }
    }
}

namespace Orleans.Multipart;

/// <summary>
/// The object a copy reads and the conditions it must meet (x-amz-copy-source-if-*), checked inside the
/// copy's transaction. When <see cref="ReplaceSettings"/> is null the copy keeps the source's settings
/// (metadata directive COPY); otherwise the copy gets them (REPLACE). <see cref="StorageClass"/>, when set,
/// is the copy's storage class under either directive (S3's x-amz-storage-class on a copy).
/// <see cref="SharedEncryption"/>, when set, is the source encryption the caller checked (its key included)
/// before asking for a copy that shares the source's blobs: a source replaced since by one encrypted
/// otherwise is not copied. <see cref="Acl"/> is the copy's ACL (null: its owner's alone): as in S3, a copy never
/// takes the source's ACL, whichever the metadata directive. The copy's tags are the source's unless <see cref="ReplaceTags"/>
/// (S3's x-amz-tagging-directive: REPLACE), then <see cref="Tags"/> (null: none), whichever the metadata directive.
/// <see cref="VersionId"/>, when set, names the source's version (x-amz-copy-source's <c>?versionId=</c>); null: its current object.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.CopySource")]
public sealed record CopySource(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] string? IfMatch = null,
    [property: Id(3)] string? IfNoneMatch = null,
    [property: Id(4)] DateTimeOffset? IfModifiedSince = null,
    [property: Id(5)] DateTimeOffset? IfUnmodifiedSince = null,
    [property: Id(6)] ObjectSettings? ReplaceSettings = null,
    [property: Id(7)] string? StorageClass = null,
    [property: Id(8)] ObjectSettings? SharedEncryption = null,
    [property: Id(9)] AccessControlList? Acl = null,
    [property: Id(10)] bool ReplaceTags = false,
    [property: Id(11)] TagSet? Tags = null,
    [property: Id(12)] string? VersionId = null)
{
    /// <summary>Throws ConditionalRequestConflict when the source is no longer encrypted as <see cref="SharedEncryption"/> says.</summary>
    public void CheckEncryption(ObjectSettings source)
    {
        if (SharedEncryption is { } expected
            && (expected.Encrypted != source.Encrypted || expected.CustomerKeyMd5 != source.CustomerKeyMd5))
        {
            throw new MultipartException(MultipartError.ConditionalRequestConflict, "The copy source was replaced by an object encrypted otherwise while it was being copied; send the copy again.");
        }
    }

    /// <summary>
    /// Throws PreconditionFailed when the source does not meet the conditions, as S3 evaluates them:
    /// an If-Match that holds overrides a failing If-Unmodified-Since, and an If-None-Match that holds
    /// overrides a failing If-Modified-Since.
    /// </summary>
    public void Check(string sourceETag, DateTimeOffset sourceModified)
    {
        var failed = false;
        if (IfMatch is not null)
        {
            failed |= !ETagMatches(IfMatch, sourceETag);
        }
        else if (IfUnmodifiedSince is { } unmodified && Seconds(sourceModified) > Seconds(unmodified))
        {
            failed = true;
        }

        if (IfNoneMatch is not null)
        {
            failed |= ETagMatches(IfNoneMatch, sourceETag);
        }
        else if (IfModifiedSince is { } modified && Seconds(sourceModified) <= Seconds(modified))
        {
            failed = true;
        }

        if (failed)
        {
            throw new MultipartException(MultipartError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
        }
    }

    private static bool ETagMatches(string condition, string etag) =>
        condition.Split(',').Any(c => c.Trim() == "*" || c.Trim().Trim('"') == etag);

    // HTTP dates have whole seconds: an object modified within the second named is "not modified since".
    private static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();
}

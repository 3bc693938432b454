namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The tagging operations' handlers: they store and answer; whether the caller may is decided before them.</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> PutObjectTaggingAsync(PutObjectTagging put)
    {
        var grain = frontend.Object(put.Bucket, put.Key);
        if (put.VersionId is { } versionId)
        {
            await ExpectVersionChangedAsync(put.Bucket, await grain.SetVersionTags(versionId, put.Tags));
            return new Done(put);
        }

        return await grain.SetTags(put.Tags) ? new Done(put) : throw MultipartError.NoSuchKey.Error();
    }

    internal async Task<OperationResult> GetObjectTaggingAsync(GetObjectTagging get)
    {
        var grain = frontend.Object(get.Bucket, get.Key);
        if (get.VersionId is { } versionId)
        {
            return new TagsDescribed(get, (await NamedVersionAsync(get.Bucket, grain, versionId)).Settings.Tags ?? TagSet.Empty);
        }

        return new TagsDescribed(get, await grain.GetTags() ?? throw MultipartError.NoSuchKey.Error());
    }

    internal async Task<OperationResult> DeleteObjectTaggingAsync(DeleteObjectTagging delete)
    {
        var grain = frontend.Object(delete.Bucket, delete.Key);
        if (delete.VersionId is { } versionId)
        {
            await ExpectVersionChangedAsync(delete.Bucket, await grain.SetVersionTags(versionId, null));
            return new Done(delete);
        }

        return await grain.SetTags(null) ? new Done(delete) : throw MultipartError.NoSuchKey.Error();
    }

    internal async Task<OperationResult> GetBucketTaggingAsync(GetBucketTagging get) =>
        new TagsDescribed(get, await frontend.Bucket(get.Bucket).GetTags() ?? throw MultipartError.NoSuchTagSet.Error());
}

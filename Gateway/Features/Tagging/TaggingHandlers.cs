namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The tagging operations' handlers: they store and answer; whether the caller may is decided before them.</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> PutObjectTaggingAsync(PutObjectTagging put) =>
        await frontend.Object(put.Bucket, put.Key).SetTags(put.Tags) ? new Done(put) : throw MultipartError.NoSuchKey.Error();

    internal async Task<OperationResult> GetObjectTaggingAsync(GetObjectTagging get) =>
        new TagsDescribed(get, await frontend.Object(get.Bucket, get.Key).GetTags() ?? throw MultipartError.NoSuchKey.Error());

    internal async Task<OperationResult> DeleteObjectTaggingAsync(DeleteObjectTagging delete) =>
        await frontend.Object(delete.Bucket, delete.Key).SetTags(null) ? new Done(delete) : throw MultipartError.NoSuchKey.Error();

    internal async Task<OperationResult> GetBucketTaggingAsync(GetBucketTagging get) =>
        new TagsDescribed(get, await frontend.Bucket(get.Bucket).GetTags() ?? throw MultipartError.NoSuchTagSet.Error());
}

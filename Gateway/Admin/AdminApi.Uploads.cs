namespace Orleans.Multipart.Gateway.Admin;

/// <summary>Open uploads: the report of those older than a given age, and aborting one.</summary>
internal sealed partial class AdminApi
{
    private async Task<AdminResult> ListUploads(AdminCall call)
    {
        var olderThan = TimeSpan.Zero;
        if (call.Query("older-than") is { } text && !AdminDuration.TryParse(text, out olderThan))
        {
            throw AdminException.BadRequest("older-than is a duration such as 90s, 30m, 12h, 7d or 2w.");
        }

        var limit = 1000;
        if (call.Query("limit") is { } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 10_000))
        {
            throw AdminException.BadRequest("limit is a number from 1 to 10000.");
        }

        var bucket = call.Query("bucket") is { Length: > 0 } b ? b : null;
        var uploads = await Stats.ListOpenUploads(bucket, _time.GetUtcNow() - olderThan, limit);
        return AdminResult.Ok(uploads.Select(AdminDocuments.Of).ToList());
    }

    private async Task<AdminResult> AbortUpload(AdminCall call)
    {
        var request = call.Read<AbortUploadRequest>();
        if (string.IsNullOrEmpty(request.Bucket) || request.Key is null || string.IsNullOrEmpty(request.UploadId))
        {
            throw AdminException.BadRequest("Name the upload: { \"bucket\", \"key\", \"uploadId\" }.");
        }

        call.Resource = $"upload/{request.Bucket}/{request.UploadId}";
        await _grains.GetGrain<IUploadGrain>(request.UploadId).Abort(request.Bucket, request.Key);
        return AdminResult.NoContent;
    }
}

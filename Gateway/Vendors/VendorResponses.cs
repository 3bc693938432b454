using System.Globalization;

namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The statuses a vendor answers where they differ (QingStor: 201 for a stored part or object; WOS: 200 for Abort).</summary>
public sealed record VendorStatuses(int Stored = 200, int Aborted = 204);

/// <summary>The answers the four vendors give alike: no document, an ETag, or the object's bytes.</summary>
public static class VendorResponses
{
    public static Task RenderAsync(HttpContext context, OperationResult result, VendorStatuses statuses)
    {
        var response = context.Response;
        switch (result)
        {
            case Done { Operation: CreateBucket or PutBucketAcl }:
                return Empty(response, 200);
            case Done { Operation: AbortUpload }:
                return Empty(response, statuses.Aborted);
            case Done:
                response.StatusCode = 204;
                return Task.CompletedTask;
            case BucketDescribed { Operation: HeadBucket }:
                response.StatusCode = 200;
                return Task.CompletedTask;
            case PartStored stored:
                response.Headers.ETag = "\"" + stored.Blob.Md5Hex + "\"";
                return Empty(response, statuses.Stored);
            case ObjectStored stored:
                response.Headers.ETag = "\"" + stored.Manifest.ETag + "\"";
                return Empty(response, statuses.Stored);
            case ObjectRead read:
                var manifest = read.Manifest;
                response.StatusCode = 200;
                response.ContentType = manifest.Settings.ContentType ?? "application/octet-stream";
                response.Headers.ETag = "\"" + manifest.ETag + "\"";
                response.Headers.LastModified = manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
                return read.Content.WriteAsync(context);
            default:
                throw new InvalidOperationException($"No vendor rendering of {result.GetType().Name}.");
        }
    }

    private static Task Empty(HttpResponse response, int status)
    {
        response.StatusCode = status;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}

using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The file of a POST Object form, streamed from the request into the blob store as it arrives (the form's
/// other fields came before it and were read; nothing after the file is read). The policy's
/// content-length-range bounds it: above the maximum is 400 EntityTooLarge as soon as the bytes pass it,
/// below the minimum 400 EntityTooSmall once it is whole. It also carries what the form asked to be answered.
/// </summary>
internal sealed class S3FormBody(Stream file, (long Min, long Max)? lengthRange, int successStatus, string? successRedirect) : RequestBody
{
    /// <summary>200, 201 (a PostResponse document) or 204, as <c>success_action_status</c> asked (204 for anything else).</summary>
    public int SuccessStatus => successStatus;

    /// <summary><c>success_action_redirect</c>: an absolute http(s) URL the answer redirects to (303), or null.</summary>
    public string? SuccessRedirect => successRedirect;

    public override async Task<ReceivedBody> StoreAsync(HttpContext context, ObjectFrontend frontend, long maxLength, bool encrypt, CustomerKey? customerKey = null, FlexibleChecksumAlgorithm? uploadChecksum = null)
    {
        var limit = lengthRange is { } range ? Math.Min(maxLength, range.Max) : maxLength;
        var blob = await frontend.StoreAsync(file, null, limit, null, null, context.RequestAborted, encrypt, customerKey);
        if (lengthRange is { } bounds && blob.Blob.Size < bounds.Min)
        {
            await blob.DisposeAsync();
            throw MultipartError.EntityTooSmall.Error();
        }

        return new ReceivedBody(blob, null);
    }
}

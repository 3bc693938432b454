using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Bytes [<see cref="Start"/>, <see cref="Start"/>+<see cref="Length"/>) of an object, written to the response once its headers are set (read with the SSE-C key when the object has one).</summary>
internal sealed class ObjectContent(ObjectFrontend frontend, ObjectManifest manifest, long start, long length, CustomerKey? customerKey = null)
{
    public long Start => start;

    public long Length => length;

    /// <summary>Starts the response and streams the bytes (none for HEAD or an empty range).</summary>
    public async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        // The response starts with the first byte written, after the first blob opened: a blob store that
        // cannot serve (a remote backend down) is still answered 503 in the caller's dialect, not a cut-off body.
        await frontend.CopyRangeAsync(manifest, start, length, context.Response.Body, context.RequestAborted, customerKey);
    }
}

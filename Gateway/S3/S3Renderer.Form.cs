namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// POST Object's answer, as the form asked: a 303 to <c>success_action_redirect</c> with the bucket, key and
/// ETag in its query; else <c>success_action_status</c> 201 with a PostResponse document, 200, or 204 (the default).
/// </summary>
internal sealed partial class S3Renderer
{
    private static Task FormStoredAsync(HttpContext context, S3FormBody form, ObjectStored stored)
    {
        var response = context.Response;
        var (bucket, key, etag) = (stored.Operation.Bucket, stored.Operation.Key, Quote(stored.Manifest.ETag));
        var location = CompleteMultipartUploadResult.LocationOf(context.Request, bucket, key);
        response.Headers.ETag = etag;
        if (form.SuccessRedirect is { } redirect)
        {
            var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            response.Headers.Location = $"{redirect}{separator}bucket={Uri.EscapeDataString(bucket)}&key={Uri.EscapeDataString(key)}&etag={Uri.EscapeDataString(etag)}";
            return Empty(response, 303);
        }

        response.Headers.Location = location;
        return form.SuccessStatus == 201
            ? XmlDocumentWriter.WriteAsync(context, 201, "PostResponse", null, w =>
            {
                w.Element("Location", location);
                w.Element("Bucket", bucket);
                w.Element("Key", key);
                w.Element("ETag", etag);
            })
            : Empty(response, form.SuccessStatus);
    }
}

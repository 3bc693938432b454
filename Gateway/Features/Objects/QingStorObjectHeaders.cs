using System.Globalization;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// An object's QingStor headers, both ways: what Initiate and PutObject store (Content-Type, <c>X-QS-Storage-Class</c>,
/// user metadata) and what GET / HEAD answer (the same, plus the range served). User metadata is read under both
/// spellings in use: QingStor's metadata page and its SDKs send <c>x-qs-meta-&lt;name&gt;</c> (qingstor-sdk-python 2.6.0
/// turns its <c>X-QS-MetaData</c> dict into those headers, build.py:104-113), dialects.md names
/// <c>X-QS-MetaData-&lt;name&gt;</c>; a read answers each name under both, so a client finds it where it looks.
/// </summary>
internal static class QingStorObjectHeaders
{
    private const string MetaPrefix = "X-QS-Meta-";
    private const string MetaDataPrefix = "X-QS-MetaData-";
    private const string StorageClassHeader = "X-QS-Storage-Class";

    public static ObjectSettings Settings(HttpRequest request)
    {
        var storageClass = request.Headers[StorageClassHeader].ToString();
        if (storageClass.Length > 0 && storageClass is not ("STANDARD" or "STANDARD_IA"))
        {
            throw new DialectException(MultipartError.InvalidStorageClass, "X-QS-Storage-Class must be STANDARD or STANDARD_IA.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, value) in request.Headers)
        {
            // "X-QS-MetaData-a" does not start with "X-QS-Meta-" ('D' is not '-'): the two spellings never overlap.
            var name = header.StartsWith(MetaDataPrefix, StringComparison.OrdinalIgnoreCase) ? header[MetaDataPrefix.Length..]
                : header.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase) ? header[MetaPrefix.Length..]
                : null;
            if (name is null)
            {
                continue;
            }

            if (name.Length == 0)
            {
                throw new DialectException(MultipartError.InvalidArgument, $"{header} names no metadata.");
            }

            name = name.ToLowerInvariant();
            var text = value.ToString();
            if (metadata.TryGetValue(name, out var other) && other != text)
            {
                throw new DialectException(MultipartError.InvalidArgument, $"{MetaPrefix}{name} and {MetaDataPrefix}{name} name the same metadata with different values.");
            }

            metadata[name] = text;
        }

        return new ObjectSettings
        {
            ContentType = Vendors.VendorRoutes.NullIfEmpty(request.ContentType),
            StorageClass = Vendors.VendorRoutes.NullIfEmpty(storageClass),
            Metadata = metadata,
        };
    }

    /// <summary>GET / HEAD Object: 200, or 206 with Content-Range for a range; the stored type, storage class and metadata.</summary>
    public static Task RenderAsync(HttpContext context, ObjectRead read)
    {
        var (response, manifest, content) = (context.Response, read.Manifest, read.Content);
        response.StatusCode = read.Partial ? 206 : 200;
        if (read.Partial)
        {
            response.Headers.ContentRange = $"bytes {content.Start}-{content.Start + content.Length - 1}/{manifest.Size}";
        }

        var settings = manifest.Settings;
        response.ContentType = settings.ContentType ?? "application/octet-stream";
        response.Headers.ETag = "\"" + manifest.ETag + "\"";
        response.Headers.LastModified = manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        response.Headers[StorageClassHeader] = settings.StorageClass ?? "STANDARD";
        foreach (var (name, value) in settings.Metadata)
        {
            var encoded = MetadataHeaderValue.Encode(value);
            response.Headers[MetaPrefix + name] = encoded;
            response.Headers[MetaDataPrefix + name] = encoded;
        }

        return content.WriteAsync(context);
    }
}

using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's object answers: PutObject (and POST Object's form answer), GetObject / HeadObject, 304, DeleteObjects.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> ObjectRenderings() =>
    [
        Rendering.Of<ObjectsDeleted>((context, _, deleted) => Xml(context, "DeleteResult", w => Deleted(w, deleted))),
        Rendering.Of<ObjectStored>((context, _, stored) => FormStoredAsync(context, (S3FormBody)stored.Operation.Body, stored), stored => stored.Operation.Body is S3FormBody),
        Rendering.Of<ObjectStored>((context, _, stored) => Stored(context.Response, stored.Manifest.ETag, stored.Checksum)),
        Rendering.Of<NotModified>((context, _, notModified) =>
        {
            context.Response.Headers.ETag = Quote(notModified.Manifest.ETag);
            return Empty(context.Response, 304, contentLength: false);
        }),
        Rendering.Of<ObjectRead>((context, _, read) =>
        {
            ObjectChecksumHeaders(context.Response, read);
            return ObjectAsync(context, read);
        }),
    ];

    private static void Deleted(XmlWriter w, ObjectsDeleted deleted)
    {
        if (!deleted.Operation.Quiet)
        {
            for (var i = 0; i < deleted.Deleted.Count; i++)
            {
                var (key, version) = (deleted.Deleted[i], deleted.Versions?[i]);
                w.Group("Deleted", () =>
                {
                    w.Element("Key", key);
                    DeletedVersionElements(w, version);
                });
            }
        }

        foreach (var (key, error) in deleted.Failed)
        {
            w.Group("Error", () =>
            {
                w.Element("Key", key);
                w.Element("Code", ErrorCatalogue.Describe(DialectNames.S3, error.Error).Code);
                w.Element("Message", error.Message);
            });
        }
    }

    private static Task ObjectAsync(HttpContext context, ObjectRead read)
    {
        var (manifest, content) = (read.Manifest, read.Content);
        var overrides = read.Operation.Overrides;
        var response = context.Response;
        response.StatusCode = read.Partial ? 206 : 200;
        if (read.PartsCount is { } count)
        {
            response.Headers["x-amz-mp-parts-count"] = count.ToString(CultureInfo.InvariantCulture);
        }

        if (read.Partial)
        {
            response.Headers.ContentRange = $"bytes {content.Start}-{content.Start + content.Length - 1}/{manifest.Size}";
        }

        var settings = manifest.Settings;
        response.ContentType = overrides?.ContentType ?? settings.ContentType ?? "binary/octet-stream";
        response.Headers.ETag = Quote(manifest.ETag);
        response.Headers.LastModified = manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        SetIfPresent(response, "Cache-Control", overrides?.CacheControl ?? settings.CacheControl);
        SetIfPresent(response, "Content-Disposition", overrides?.ContentDisposition ?? settings.ContentDisposition);
        SetIfPresent(response, "Content-Encoding", overrides?.ContentEncoding ?? settings.ContentEncoding);
        SetIfPresent(response, "Content-Language", overrides?.ContentLanguage ?? settings.ContentLanguage);
        SetIfPresent(response, "Expires", overrides?.Expires ?? settings.Expires);
        if (settings.StorageClass is { } storageClass and not "STANDARD")
        {
            response.Headers["x-amz-storage-class"] = storageClass;
        }

        foreach (var (name, value) in settings.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = MetadataHeaderValue.Encode(value);
        }

        // Tagging: how many tags the object has, when it has any (S3 sends no header for none).
        if (settings.Tags is { Tags.Count: > 0 } tags)
        {
            response.Headers["x-amz-tagging-count"] = tags.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }

        return content.WriteAsync(context);
    }

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            response.Headers[header] = value;
        }
    }
}

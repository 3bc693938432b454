using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's renderer: results as S3's status codes, headers and XML documents (listings in <see cref="S3ListingRenderer"/>).</summary>
public sealed partial class S3Renderer(S3Options options)
{
    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result)
    {
        var response = context.Response;
        EncryptionHeaders(response, result);
        switch (result)
        {
            case Done { Operation: PutBucketEncryption }:
                return Empty(response, 200);
            case BucketEncryptionRead read:
                return BucketEncryption(context, read);
            case Done { Operation: CreateBucket create }:
                response.Headers.Location = "/" + create.Bucket;
                return Empty(response, 200);
            case CorsDescribed or Done { Operation: PutBucketCors }:
                return CorsAsync(context, result);
            case Done:
                return Empty(response, 204, contentLength: false);
            case BucketDescribed { Operation: HeadBucket }:
                response.Headers["x-amz-bucket-region"] = options.Region;
                return Empty(response, 200, contentLength: false);
            case BucketDescribed { Operation: GetBucketLocation }:
                return Xml(context, "LocationConstraint", w =>
                {
                    if (options.Region != "us-east-1")
                    {
                        w.WriteString(options.Region);
                    }
                });
            case BucketDescribed:
                return Xml(context, "VersioningConfiguration", _ => { });
            case BucketsListed listed:
                return Xml(context, "ListAllMyBucketsResult", w => S3ListingRenderer.Buckets(w, listed, caller));
            case ObjectsListed listed:
                return Xml(context, "ListBucketResult", w => S3ListingRenderer.Objects(w, listed, caller));
            case VersionsListed listed:
                return Xml(context, "ListVersionsResult", w => S3ListingRenderer.Versions(w, listed, caller));
            case UploadsListed listed:
                return Xml(context, "ListMultipartUploadsResult", w => S3ListingRenderer.Uploads(w, listed, (x, e) => WriteOwner(x, e, caller.AccessKey)));
            case PartsListed listed:
                return Xml(context, "ListPartsResult", w => S3ListingRenderer.Parts(w, listed, (x, e) => WriteOwner(x, e, caller.AccessKey)));
            case ObjectsDeleted deleted:
                return Xml(context, "DeleteResult", w => Deleted(w, deleted));
            case UploadInitiated initiated:
                UploadChecksumHeaders(response, initiated.Upload.Settings);

                return XmlDocumentWriter.WriteAsync(context, 200, new InitiateMultipartUploadResult(initiated.Operation.Bucket, initiated.Operation.Key, initiated.Upload.UploadId), S3Xml.Namespace);
            case PartStored stored:
                return Stored(response, stored.Blob.Md5Hex, stored.Checksum);
            case ObjectStored { Operation.Body: S3FormBody form } stored:
                return FormStoredAsync(context, form, stored);
            case ObjectStored stored:
                return Stored(response, stored.Manifest.ETag, stored.Checksum);
            case UploadCompleted completed:
                var (bucket, key) = (completed.Operation.Bucket, completed.Operation.Key);
                return XmlDocumentWriter.WriteAsync(context, 200, new CompleteMultipartUploadResult(CompleteMultipartUploadResult.LocationOf(context.Request, bucket, key), bucket, key, completed.Result.ETag, completed.Result.Checksum), S3Xml.Namespace);
            case NotModified notModified:
                response.Headers.ETag = Quote(notModified.Manifest.ETag);
                return Empty(response, 304, contentLength: false);
            case ObjectRead read:
                ObjectChecksumHeaders(response, read);
                return ObjectAsync(context, read);
            case ObjectCopied copied:
                return CopiedAsync(context, copied);
            case PartCopied copied:
                return CopiedAsync(context, copied);
            case ObjectAttributesRead attributes:
                response.Headers.LastModified = attributes.Manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
                return XmlDocumentWriter.WriteAsync(context, 200, new GetObjectAttributesResponse(attributes.Operation, attributes.Manifest), S3Xml.Namespace);
            default:
                throw new InvalidOperationException($"s3 renders no {result.GetType().Name}.");
        }
    }

    public static Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        XmlDocumentWriter.WriteAsync(context, error.Status, new XmlErrorDocument(error), ns: null);

    internal static void WriteOwner(XmlWriter w, string element, string accessKey) => w.Group(element, () =>
    {
        w.Element("ID", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessKey))));
        w.Element("DisplayName", accessKey);
    });

    internal static string Quote(string etag) => "\"" + etag + "\"";

    private static Task Xml(HttpContext context, string root, Action<XmlWriter> body) => XmlDocumentWriter.WriteAsync(context, 200, root, S3Xml.Namespace, body);

    private static Task Empty(HttpResponse response, int status, bool contentLength = true)
    {
        response.StatusCode = status;
        if (contentLength)
        {
            response.ContentLength = 0;
        }

        return Task.CompletedTask;
    }

    private static Task Stored(HttpResponse response, string etag, BodyChecksum? checksum)
    {
        response.Headers.ETag = Quote(etag);
        if (checksum is not null)
        {
            response.Headers[checksum.HeaderName] = checksum.ToBase64();
        }

        return Empty(response, 200);
    }

    private static void Deleted(XmlWriter w, ObjectsDeleted deleted)
    {
        if (!deleted.Operation.Quiet)
        {
            foreach (var key in deleted.Deleted)
            {
                w.Group("Deleted", () => w.Element("Key", key));
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

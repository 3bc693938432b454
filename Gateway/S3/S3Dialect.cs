using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The s3 dialect (JD Cloud OSS's S3-compatible API, seed 001; AWS S3 REST): path-style and
/// virtual-host addressing, SigV4, S3's XML and errors. Operations live in the partial files by area.
/// </summary>
public sealed partial class S3Dialect(
    ObjectFrontend frontend,
    SigV4Verifier verifier,
    SigV2Verifier sigV2Verifier,
    IOptions<GatewayOptions> gatewayOptions,
    IOptions<S3Options> s3Options,
    ILogger<S3Dialect> logger) : IProtocolDialect
{
    private readonly GatewayOptions _gateway = gatewayOptions.Value;
    private readonly S3Options _s3 = s3Options.Value;

    public string Name => "s3";

    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var requestId = record.RequestId;
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        context.Response.Headers.Server = "Orleans.Multipart";
        RequestTarget? target = null;
        try
        {
            target = RequestTarget.Parse(context, VirtualHostBucket(context.Request.Host.Host));
            record.Bucket = target.Bucket;
            var auth = SigV2Verifier.Applies(context.Request, target)
                ? sigV2Verifier.Verify(context.Request, target)
                : verifier.Verify(context.Request, target);
            await DispatchAsync(context, target, auth);
        }
        catch (Exception ex) when (Translate(ex) is { } error)
        {
            await WriteErrorAsync(context, error, target?.DecodedPath ?? context.Request.Path.Value ?? "/", requestId);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, ex, context.Request.Method, target?.DecodedPath ?? "", requestId);
            await WriteErrorAsync(context, new DialectException(WireError.InternalError, "We encountered an internal error. Please try again."), target?.DecodedPath ?? "/", requestId);
        }
    }

    private Task DispatchAsync(HttpContext context, RequestTarget t, SigV4Context auth)
    {
        var method = context.Request.Method;
        if (t.Bucket is null)
        {
            return HttpMethods.IsGet(method) ? RequestRecord.Run(context, "ListBuckets", ListBucketsAsync(context, t, auth)) : throw MethodNotAllowed();
        }

        var bucket = t.Bucket;
        if (t.Key.Length == 0)
        {
            return method switch
            {
                _ when HttpMethods.IsPut(method) && OperationParameters(t) == 0 => RequestRecord.Run(context, "CreateBucket", CreateBucketAsync(context, bucket)),
                _ when HttpMethods.IsHead(method) => RequestRecord.Run(context, "HeadBucket", HeadBucketAsync(context, bucket)),
                _ when HttpMethods.IsDelete(method) && OperationParameters(t) == 0 => RequestRecord.Run(context, "DeleteBucket", DeleteBucketAsync(context, bucket)),
                _ when HttpMethods.IsGet(method) && t.Has("uploads") => RequestRecord.Run(context, "ListUploads", ListUploadsAsync(context, bucket, t, auth)),
                _ when HttpMethods.IsGet(method) && t.Has("location") => RequestRecord.Run(context, "GetBucketLocation", GetBucketLocationAsync(context, bucket)),
                _ when HttpMethods.IsGet(method) && t.Has("versioning") => RequestRecord.Run(context, "GetBucketVersioning", GetBucketVersioningAsync(context, bucket)),
                _ when HttpMethods.IsGet(method) && t.Has("versions") => RequestRecord.Run(context, "ListObjectVersions", ListObjectVersionsAsync(context, bucket, t, auth)),
                _ when HttpMethods.IsGet(method) && t.Get("list-type") == "2" => RequestRecord.Run(context, "ListObjectsV2", ListObjectsAsync(context, bucket, t, auth, v2: true)),
                _ when HttpMethods.IsGet(method) && !t.Query.Any(p => SubResources.Contains(p.Key)) => RequestRecord.Run(context, "ListObjects", ListObjectsAsync(context, bucket, t, auth, v2: false)),
                _ when HttpMethods.IsPost(method) && t.Has("delete") => RequestRecord.Run(context, "DeleteObjects", DeleteObjectsAsync(context, bucket)),
                _ => throw S3Errors.NotImplemented($"{method} on a bucket with ?{string.Join('&', t.Query.Select(p => p.Key))}"),
            };
        }

        var key = t.Key;
        if (Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw new DialectException(WireError.KeyTooLong, $"Your key is too long; the maximum is {ObjectKey.MaxKeyBytes} bytes.");
        }

        if (context.Request.Headers.ContainsKey("x-amz-copy-source"))
        {
            throw S3Errors.NotImplemented("x-amz-copy-source (CopyObject, UploadPartCopy)");
        }

        var uploadId = t.Get("uploadId");
        return method switch
        {
            _ when HttpMethods.IsPost(method) && t.Has("uploads") => RequestRecord.Run(context, "InitiateUpload", InitiateAsync(context, bucket, key)),
            _ when HttpMethods.IsPut(method) && (uploadId is not null || t.Has("partNumber")) => RequestRecord.Run(context, "UploadPart", UploadPartAsync(context, bucket, key, t, auth)),
            _ when HttpMethods.IsPost(method) && uploadId is not null => RequestRecord.Run(context, "CompleteUpload", CompleteAsync(context, bucket, key, uploadId)),
            _ when HttpMethods.IsDelete(method) && uploadId is not null => RequestRecord.Run(context, "AbortUpload", AbortAsync(context, bucket, key, uploadId)),
            _ when HttpMethods.IsGet(method) && uploadId is not null => RequestRecord.Run(context, "ListParts", ListPartsAsync(context, bucket, key, uploadId, t, auth)),
            _ when HttpMethods.IsPut(method) && !t.Query.Any(p => SubResources.Contains(p.Key)) => RequestRecord.Run(context, "PutObject", PutObjectAsync(context, bucket, key, auth)),
            _ when (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && !t.Query.Any(p => SubResources.Contains(p.Key)) => RequestRecord.Run(context, HttpMethods.IsHead(method) ? "HeadObject" : "GetObject", GetObjectAsync(context, bucket, key, t)),
            _ when HttpMethods.IsDelete(method) && !t.Query.Any(p => SubResources.Contains(p.Key)) => RequestRecord.Run(context, "DeleteObject", DeleteObjectAsync(context, bucket, key)),
            _ => throw S3Errors.NotImplemented($"{method} on an object with ?{string.Join('&', t.Query.Select(p => p.Key))}"),
        };
    }

    /// <summary>Sub-resources this dialect does not serve (ACLs, policies, tagging, ...): answered 501 rather than mistaken for a plain GET/PUT.</summary>
    private static readonly HashSet<string> SubResources =
    [
        "acl", "policy", "cors", "lifecycle", "tagging", "website", "logging", "notification", "replication", "encryption",
        "object-lock", "retention", "legal-hold", "torrent", "restore", "select", "accelerate", "requestPayment", "analytics",
        "inventory", "metrics", "ownershipControls", "publicAccessBlock", "intelligent-tiering", "attributes", "versionId", "uploads",
    ];

    /// <summary>Query parameters that name an operation, not a presigned URL's signature (X-Amz-*, or V2's AWSAccessKeyId, Expires, Signature).</summary>
    private static int OperationParameters(RequestTarget t) =>
        t.Query.Count(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal) && p.Key is not ("AWSAccessKeyId" or "Expires" or "Signature"));

    private string? VirtualHostBucket(string host)
    {
        foreach (var suffix in _s3.VirtualHostSuffixes)
        {
            if (host.Length > suffix.Length + 1 && host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
            {
                return host[..^(suffix.Length + 1)];
            }
        }

        return null;
    }

    private static DialectException? Translate(Exception ex) => ex switch
    {
        DialectException s3 => s3,
        MultipartException mp => DialectException.From(mp),
        BadDigestException bad => new DialectException(WireError.BadDigest, bad.Message),
        MalformedUriException uri => new DialectException(WireError.InvalidKey, uri.Message),
        BodyIdleTimeoutException => new DialectException(WireError.RequestTimeout, "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."),
        BlobTooLargeException => new DialectException(WireError.EntityTooLarge, "Your proposed upload exceeds the maximum allowed object size."),
        IncompleteBodyException or BadHttpRequestException or IOException =>
            new DialectException(WireError.IncompleteBody, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        _ when DomainErrors.IsTransient(ex) => DomainErrors.Unavailable(),
        _ => null,
    };

    private async Task WriteErrorAsync(HttpContext context, DialectException error, string resource, string requestId)
    {
        var (status, code) = S3Errors.Describe(error.Error);
        RequestRecord.Of(context).ErrorCode = code;
        RequestRecord.Of(context).Error = error.Error;
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        Log.RequestFailed(logger, context.Request.Method, resource, status, code);
        context.Response.Headers.Remove("ETag");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = status;
            return;
        }

        await S3Xml.WriteAsync(context, status, "Error", w =>
        {
            w.Element("Code", code);
            w.Element("Message", error.Message);
            foreach (var (name, value) in error.Details)
            {
                w.Element(name, value);
            }

            w.Element("Resource", resource);
            w.Element("RequestId", requestId);
        }, ns: null);
    }

    private static DialectException MethodNotAllowed() => new(WireError.MethodNotAllowed, "The specified method is not allowed against this resource.");

    private static void WriteOwner(System.Xml.XmlWriter w, string element, string accessKey)
    {
        w.WriteStartElement(element);
        w.Element("ID", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessKey))));
        w.Element("DisplayName", accessKey);
        w.WriteEndElement();
    }

    private static string Quote(string etag) => "\"" + etag + "\"";

    private static int ParseInt(string? value, int fallback, int min, int max, string name)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < min)
        {
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range");
        }

        return Math.Min(parsed, max);
    }

    private static string EncodeIf(bool url, string value) => url ? RequestTarget.UriEncode(value, keepSlash: true) : value;

    private static bool UrlEncoding(RequestTarget t) => t.Get("encoding-type") switch
    {
        null => false,
        "url" => true,
        _ => throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request"),
    };
}

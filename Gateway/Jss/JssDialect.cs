using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.Jss;

/// <summary>The jss dialect options (configuration section <c>Gateway:Jss</c>).</summary>
public sealed class JssOptions
{
    /// <summary>Hosts under which <c>&lt;bucket&gt;.&lt;suffix&gt;</c> is virtual-host addressing. Default: s-bj.jcloud.com and s.jcloud.com.</summary>
    public List<string> VirtualHostSuffixes { get; set; } = ["s-bj.jcloud.com", "s.jcloud.com"];
}

/// <summary>
/// JD Cloud JSS, legacy (seed 004): <c>&lt;bucket&gt;.s.&lt;domain&gt;</c> and path style,
/// <c>jingdong</c> HMAC-SHA1 signatures (sub-resources accepted sorted or as sent), JSON,
/// x-jss-storage-class and x-jss-server-side-encryption (parts encrypted at rest).
/// </summary>
public sealed class JssDialect(ObjectFrontend frontend, ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<JssOptions> options, ILogger<JssDialect> logger)
    : VendorDialect(frontend, gateway.Value, logger)
{
    public override string Name => "jss";

    protected override string RequestIdHeader => "x-jss-request-id";

    protected override BucketNameRules BucketNames => BucketNameRules.Jss;

    /// <summary>Undocumented by the vendor: S3's rule (5 MiB but the last).</summary>
    protected override CompletionRules Rules => new(Gateway.MinPartSize);

    protected override IEnumerable<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    protected override string? Authenticate(HttpContext context, RequestTarget target)
    {
        context.Response.Headers["X-Trace"] = $"200-{time.GetUtcNow().ToUnixTimeMilliseconds()}-0-0-0-0-0";
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw new DialectException(WireError.AccessDenied, "Access Denied: the request carries no Authorization.");
        }

        if (!SchemeCredential.TryParse(authorization, JssSigner.Scheme, out var credential))
        {
            throw new DialectException(WireError.MalformedAuthorization, "The Authorization header must be 'jingdong AccessKey:Signature'.");
        }

        var (accessKey, signature) = credential;
        var date = request.Headers.Date.ToString();
        if (!TryParseHttpDate(date, out var when))
        {
            throw new DialectException(WireError.AccessDenied, "A valid Date header is required.");
        }

        CheckSkew(when, time);
        var secret = credentials.FindSecret(accessKey) ?? throw new DialectException(WireError.InvalidAccessKey, "The access key you provided does not exist.");
        var resource = target.Bucket is null ? "/" : "/" + target.Bucket + (target.Key.Length > 0 ? "/" + target.Key : "");
        var asSent = target.Query.Where(q => JssSigner.SubResources.Contains(q.Key)).ToList();
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        foreach (var order in new[] { asSent.OrderBy(q => q.Key, StringComparer.Ordinal).ToList(), asSent })
        {
            var toSign = JssSigner.StringToSign(request.Method, request.Headers["Content-MD5"].ToString(), request.ContentType ?? "", date, headers, resource, order);
            if (FixedTimeEquals(JssSigner.Sign(secret, toSign), signature))
            {
                return accessKey;
            }
        }

        throw new DialectException(WireError.SignatureDoesNotMatch, "The request signature we calculated does not match the signature you provided.");
    }

    protected override (int Status, string Code) Describe(WireError error) => DescribeError(error);

    /// <summary>This dialect's rendering of every catalogue code (status and vendor code).</summary>
    public static (int Status, string Code) DescribeError(WireError error) => error switch
    {
        WireError.MalformedAuthorization => (400, "InvalidToken"),
        WireError.InvalidAccessKey => (403, "InvalidAccessKey"),
        WireError.SignatureDoesNotMatch => (403, "SignatureDoesNotMatch"),
        WireError.RequestTimeTooSkewed => (403, "RequestTimeTooSkewed"),
        WireError.AccessDenied => (403, "AccessDenied"),
        WireError.NoSuchBucket => (404, "NoSuchBucket"),
        WireError.NoSuchKey => (404, "NoSuchKey"),
        WireError.NoSuchUpload => (404, "NoSuchUpload"),
        WireError.BucketAlreadyExists => (409, "BucketAlreadyExists"),
        WireError.BucketNotEmpty => (409, "BucketNotEmpty"),
        WireError.ObjectAlreadyExists or WireError.UploadInProgress => (409, "ObjectAlreadyExists"),
        WireError.TooManyParts => (400, "TooManyParts"),
        WireError.TooManyMultipartUploads => (400, "TooManyMultipartUploads"),
        WireError.InvalidPart => (400, "InvalidPart"),
        WireError.InvalidPartOrder => (400, "InvalidPartOrder"),
        WireError.EntityTooSmall => (400, "EntityTooSmall"),
        WireError.EntityTooLarge => (400, "EntityTooLarge"),
        WireError.MalformedDocument or WireError.NoPartsListed or WireError.MalformedRequest => (400, "MalformedJson"),
        WireError.InvalidStorageClass => (400, "InvalidStorageClass"),
        WireError.KeyTooLong => (400, "KeyTooLong"),
        WireError.BadDigest => (400, "BadDigest"),
        WireError.InvalidDigest => (400, "InvalidDigest"),
        WireError.IncompleteBody => (400, "IncompleteBody"),
        WireError.MissingContentLength => (411, "MissingContentLength"),
        WireError.MethodNotAllowed or WireError.NotImplemented => (405, "MethodNotAllowed"),
        WireError.ServiceUnavailable => (503, "ServiceUnavailable"),
        WireError.InternalError => (500, "InternalError"),
        WireError.PreconditionFailed or WireError.ConditionalRequestConflict or WireError.InvalidArgument or WireError.MalformedQueryAuthorization or WireError.ContentSha256Mismatch or WireError.InvalidChunkSize or WireError.MalformedTrailer or WireError.RequestTimeout or WireError.DocumentTooLarge or WireError.InvalidKey or WireError.InvalidPartNumber or WireError.InvalidBucketName or WireError.MetadataTooLarge or WireError.InvalidRange or WireError.InvalidRequest => (400, "InvalidArgument"),
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string code, string message, string resource, string requestId) =>
        WriteJsonAsync(context, status, new Dictionary<string, string> { ["code"] = code, ["message"] = message, ["resource"] = resource, ["requestId"] = requestId });

    protected override ObjectSettings ReadSettings(HttpRequest request)
    {
        var storageClass = request.Headers["x-jss-storage-class"].ToString().Trim();
        if (storageClass.Length > 0 && storageClass is not ("STANDARD" or "REDUCED_REDUNDANCY"))
        {
            throw new DialectException(WireError.InvalidStorageClass, "x-jss-storage-class must be STANDARD or REDUCED_REDUNDANCY.");
        }

        var encryption = request.Headers["x-jss-server-side-encryption"].ToString().Trim();
        if (encryption.Length > 0 && encryption is not ("true" or "false"))
        {
            throw new DialectException(WireError.InvalidArgument, "x-jss-server-side-encryption must be true or false.");
        }

        return new ObjectSettings
        {
            ContentType = string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType,
            StorageClass = storageClass.Length > 0 ? storageClass : null,
            Encrypted = encryption == "true",
        };
    }

    protected override Task WriteInitiatedAsync(HttpContext context, string bucket, string key, UploadInfo upload) =>
        WriteJsonAsync(context, 200, new { Bucket = bucket, Key = key, upload.UploadId });

    protected override IReadOnlyList<CompletePart> ParseComplete(byte[] document) => ParseJsonPartList(document, "Part", "PartNumber", "ETag");

    protected override Task WriteCompletedAsync(HttpContext context, string bucket, string key, CompleteResult result) =>
        WriteJsonAsync(context, 200, new { Bucket = bucket, Key = key, ETag = "\"" + result.ETag + "\"" });

    /// <summary>JSS lists every part in one answer (no paging documented): the pages are read here.</summary>
    protected override async Task ListPartsAsync(HttpContext context, string bucket, string key, UploadInfo upload, RequestTarget t, string accessKey)
    {
        var parts = new List<PartInfo>();
        var marker = 0;
        while (true)
        {
            var page = await Frontend.Upload(upload.UploadId).ListParts(bucket, key, marker, 1000);
            parts.AddRange(page.Parts);
            if (!page.IsTruncated)
            {
                break;
            }

            marker = page.NextPartNumberMarker;
        }

        await WriteJsonAsync(context, 200, new
        {
            Bucket = bucket,
            Key = key,
            upload.UploadId,
            Part = parts.Select(p => new { p.PartNumber, LastModified = p.LastModified.ToString("r", CultureInfo.InvariantCulture), ETag = "\"" + p.ETag + "\"", p.Size }),
            StorageClass = upload.Settings.StorageClass ?? "STANDARD",
        });
    }

    protected override async Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget t, string accessKey)
    {
        var max = ParseLimit(t.Get("max-uploads"), 1000, 10_000, "max-uploads");
        var prefix = t.Get("prefix") ?? "";
        var uploads = new List<UploadSummary>();
        string? keyMarker = null, idMarker = null;
        while (true)
        {
            var page = await Frontend.Bucket(bucket).ListUploads(new UploadListingRequest(prefix, null, keyMarker, idMarker, 1000));
            uploads.AddRange(page.Uploads);
            if (uploads.Count > max)
            {
                throw new DialectException(WireError.TooManyMultipartUploads, $"More than {max} uploads match; narrow the prefix.");
            }

            if (!page.IsTruncated)
            {
                break;
            }

            (keyMarker, idMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }

        await WriteJsonAsync(context, 200, new Dictionary<string, object>
        {
            ["Bucket"] = bucket,
            ["Prefix"] = prefix,
            ["Upload"] = uploads.Select(u => new Dictionary<string, object?>
            {
                ["Key"] = u.Key,
                ["UploadId"] = u.UploadId,
                ["Initiated"] = u.Initiated.ToString("r", CultureInfo.InvariantCulture),
                ["Enable-Encryption"] = u.Encrypted,
                ["Summary"] = null,
                ["StorageClass"] = u.StorageClass ?? "STANDARD",
            }).ToList(),
        });
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>The qingstor dialect options (configuration section <c>Gateway:QingStor</c>).</summary>
public sealed class QingStorOptions
{
    /// <summary>Zone hosts under which <c>&lt;bucket&gt;.&lt;zone host&gt;</c> is virtual-host addressing. Default: pek3a.qingstor.com.</summary>
    public List<string> VirtualHostSuffixes { get; set; } = ["pek3a.qingstor.com"];
}

/// <summary>
/// QingStor (seed 003): <c>&lt;bucket&gt;.&lt;zone&gt;.&lt;domain&gt;</c> and path style, <c>QS</c>
/// HMAC-SHA256 signatures (header or query), JSON, 0-based part numbers, 201 on UploadPart and
/// Complete, parts of at least 4 MiB but the last.
/// </summary>
public sealed class QingStorDialect(ObjectFrontend frontend, ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<QingStorOptions> options, ILogger<QingStorDialect> logger)
    : VendorDialect(frontend, gateway.Value, logger)
{
    public override string Name => "qingstor";

    protected override string RequestIdHeader => "X-QS-Request-ID";

    protected override BucketNameRules BucketNames => BucketNameRules.QingStor;

    protected override string UploadIdParameter => "upload_id";

    protected override string PartNumberParameter => "part_number";

    protected override int FirstPartNumber => 0;

    /// <summary>"4 MB" read as 4 MiB.</summary>
    protected override CompletionRules Rules { get; } = new(4L * 1024 * 1024);

    protected override int PartStoredStatus => 201;

    /// <summary>An <c>ETag</c> request header on Complete names the object's ETag.</summary>
    protected override CompletionRules CompletionRulesFor(HttpContext context) =>
        context.Request.Headers.ETag.ToString().Trim().Trim('"') is { Length: > 0 } etag ? Rules with { ObjectETag = etag } : Rules;

    protected override IEnumerable<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    protected override bool IsSignatureParameter(string name) => name is "access_key_id" or "expires" or "signature";

    protected override string? Authenticate(HttpContext context, RequestTarget target)
    {
        context.Response.Headers.Server = "QingStor";
        var request = context.Request;
        string accessKey, signature, dateLine;
        if (target.Get("signature") is { } querySignature && target.Get("access_key_id") is { } queryKey)
        {
            (accessKey, signature) = (queryKey, querySignature);
            dateLine = target.Get("expires") ?? throw new DialectException(WireError.AccessDenied, "A signed URL needs expires.");
            if (!long.TryParse(dateLine, out var expires) || time.GetUtcNow().ToUnixTimeSeconds() > expires)
            {
                throw new DialectException(WireError.RequestTimeTooSkewed, "The signed URL has expired.");
            }
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                return null; // unsigned: allowed only to write into an anonymous-writable bucket
            }

            if (!SchemeCredential.TryParse(authorization, QingStorSigner.Scheme, out var credential))
            {
                throw new DialectException(WireError.MalformedAuthorization, "The Authorization header must be 'QS AccessKeyID:Signature'.");
            }

            (accessKey, signature) = credential;
            var qsDate = request.Headers["X-QS-Date"].ToString();
            var date = request.Headers.Date.ToString();
            if (!TryParseHttpDate(qsDate.Length > 0 ? qsDate : date, out var when))
            {
                throw new DialectException(WireError.AccessDenied, "A valid Date or X-QS-Date header is required.");
            }

            CheckSkew(when, time);
            dateLine = date;
        }

        var secret = credentials.FindSecret(accessKey) ?? throw new DialectException(WireError.InvalidAccessKey, "The access key id you provided does not exist.");
        var resource = target.Bucket is null ? "/" : "/" + target.Bucket + "/" + target.Key;
        var toSign = QingStorSigner.StringToSign(request.Method, request.Headers["Content-MD5"].ToString(), request.ContentType ?? "", dateLine,
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())), resource, target.Query);
        return FixedTimeEquals(QingStorSigner.Sign(secret, toSign), signature)
            ? accessKey
            : throw new DialectException(WireError.SignatureDoesNotMatch, "The signature you provided does not match.");
    }

    /// <summary>PUT/GET /?acl: a grant of WRITE or FULL_CONTROL to the group QS_ALL_USERS makes the bucket anonymous-writable.</summary>
    protected override Func<Task>? BucketSubresource(HttpContext context, string bucket, RequestTarget target)
    {
        if (!target.Has("acl"))
        {
            return null;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            return async () =>
            {
                var info = await Frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The bucket does not exist.");
                var acl = new List<object> { new { grantee = new { type = "user", id = "owner", name = "owner" }, permission = "FULL_CONTROL" } };
                if (info.AnonymousWrite)
                {
                    acl.Add(new { grantee = new { type = "group", name = "QS_ALL_USERS" }, permission = "WRITE" });
                }

                await WriteJsonAsync(context, 200, new { owner = new { id = "owner", name = "owner" }, acl });
            };
        }

        if (!HttpMethods.IsPut(context.Request.Method))
        {
            return null;
        }

        return async () =>
        {
            var root = ParseJson(await ReadDocumentAsync(context));
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("acl", out var grants) || grants.ValueKind != JsonValueKind.Array)
            {
                throw new DialectException(WireError.MalformedDocument, "The body must be {\"acl\":[...]}.");
            }

            var anonymousWrite = false;
            foreach (var g in grants.EnumerateArray())
            {
                if (g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("grantee", out var grantee) || grantee.ValueKind != JsonValueKind.Object || !g.TryGetProperty("permission", out var permission))
                {
                    throw new DialectException(WireError.MalformedDocument, "Each acl entry needs a grantee object and a permission.");
                }

                var name = grantee.TryGetProperty("name", out var n) ? JsonString(n, "name") : null;
                var granted = JsonString(permission, "permission");
                anonymousWrite |= name == "QS_ALL_USERS" && granted is "WRITE" or "FULL_CONTROL";
            }

            await Frontend.Bucket(bucket).SetAnonymousWrite(anonymousWrite);
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 0;
        };
    }

    protected override (int Status, string Code) Describe(WireError error) => DescribeError(error);

    /// <summary>This dialect's rendering of every catalogue code (status and vendor code).</summary>
    public static (int Status, string Code) DescribeError(WireError error) => error switch
    {
        WireError.InvalidAccessKey => (401, "invalid_access_key_id"),
        WireError.SignatureDoesNotMatch or WireError.MalformedAuthorization => (401, "signature_not_matched"),
        WireError.RequestTimeTooSkewed => (403, "request_expired"),
        WireError.AccessDenied => (403, "permission_denied"),
        WireError.NoSuchBucket => (404, "bucket_not_exists"),
        WireError.NoSuchKey => (404, "object_not_exists"),
        WireError.NoSuchUpload => (404, "upload_not_exists"),
        WireError.BucketAlreadyExists => (409, "bucket_already_exists"),
        WireError.BucketNotEmpty => (409, "bucket_not_empty"),
        WireError.ObjectAlreadyExists or WireError.UploadInProgress => (409, "object_already_exists"),
        WireError.EntityTooSmall => (400, "entity_too_small"),
        WireError.EntityTooLarge => (400, "entity_too_large"),
        WireError.BadDigest or WireError.InvalidDigest => (400, "bad_digest"),
        WireError.KeyTooLong => (400, "invalid_object_name"),
        WireError.InvalidKey => (400, "invalid_object_name"),
        WireError.InvalidPart or WireError.InvalidPartOrder or WireError.InvalidStorageClass or WireError.NoPartsListed or WireError.MalformedRequest => (400, "invalid_request"),
        WireError.PreconditionFailed => (412, "precondition_failed"),
        WireError.MissingContentLength => (411, "length_required"),
        WireError.MethodNotAllowed or WireError.NotImplemented => (405, "method_not_allowed"),
        WireError.ServiceUnavailable => (503, "service_unavailable"),
        WireError.InternalError => (500, "internal_server_error"),
        WireError.ConditionalRequestConflict or WireError.InvalidArgument or WireError.TooManyParts or WireError.MalformedQueryAuthorization or WireError.ContentSha256Mismatch or WireError.InvalidChunkSize or WireError.MalformedTrailer or WireError.IncompleteBody or WireError.RequestTimeout or WireError.MalformedDocument or WireError.DocumentTooLarge or WireError.InvalidPartNumber or WireError.InvalidBucketName or WireError.MetadataTooLarge or WireError.InvalidRange or WireError.InvalidRequest or WireError.TooManyMultipartUploads => (400, "invalid_argument"),
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string code, string message, string resource, string requestId) =>
        WriteJsonAsync(context, status, new Dictionary<string, string>
        {
            ["code"] = code,
            ["message"] = message,
            ["request_id"] = requestId,
            ["url"] = $"https://docs.qingcloud.com/qingstor/api/common/error_code.html#{code}",
        });

    protected override ObjectSettings ReadSettings(HttpRequest request)
    {
        var storageClass = request.Headers["X-QS-Storage-Class"].ToString();
        if (storageClass.Length > 0 && storageClass is not ("STANDARD" or "STANDARD_IA"))
        {
            throw new DialectException(WireError.InvalidStorageClass, "X-QS-Storage-Class must be STANDARD or STANDARD_IA.");
        }

        var metadata = request.Headers.Where(h => h.Key.StartsWith("X-QS-MetaData-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key["X-QS-MetaData-".Length..].ToLowerInvariant(), h => h.Value.ToString());
        return new ObjectSettings { ContentType = string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType, StorageClass = storageClass.Length > 0 ? storageClass : null, Metadata = metadata };
    }

    protected override Task WriteInitiatedAsync(HttpContext context, string bucket, string key, UploadInfo upload) =>
        WriteJsonAsync(context, 200, new Dictionary<string, string> { ["upload_id"] = upload.UploadId, ["bucket"] = bucket, ["key"] = key });

    protected override IReadOnlyList<CompletePart> ParseComplete(byte[] document) => ParseJsonPartList(document, "object_parts", "part_number", "etag");

    protected override Task WriteCompletedAsync(HttpContext context, string bucket, string key, CompleteResult result)
    {
        context.Response.StatusCode = 201;
        context.Response.Headers.ETag = "\"" + result.ETag + "\"";
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    protected override async Task ListPartsAsync(HttpContext context, string bucket, string key, UploadInfo upload, RequestTarget t, string accessKey)
    {
        var limit = ParseLimit(t.Get("limit"), 1000, 1000, "limit");
        var marker = t.Get("part_number_marker") is { } m ? ParseLimit(m, 0, PartLimits.MaxPartNumber - 1, "part_number_marker") + 1 : 0;
        var page = await Frontend.Upload(upload.UploadId).ListParts(bucket, key, marker, limit);
        await WriteJsonAsync(context, 200, new Dictionary<string, object>
        {
            ["count"] = page.Parts.Count,
            ["object_parts"] = page.Parts.Select(p => new Dictionary<string, object>
            {
                ["part_number"] = p.PartNumber - 1,
                ["size"] = p.Size,
                ["etag"] = "\"" + p.ETag + "\"",
                ["created"] = p.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }).ToList(),
        });
    }

    protected override async Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget t, string accessKey)
    {
        var request = new UploadListingRequest(t.Get("prefix") ?? "", Empty(t.Get("delimiter")), Empty(t.Get("key_marker")), Empty(t.Get("upload_id_marker")), ParseLimit(t.Get("limit"), 200, 1000, "limit"));
        var listing = await Frontend.Bucket(bucket).ListUploads(request);
        await WriteJsonAsync(context, 200, new Dictionary<string, object?>
        {
            ["name"] = bucket,
            ["uploads"] = listing.Uploads.Select(u => new Dictionary<string, string>
            {
                ["key"] = u.Key,
                ["upload_id"] = u.UploadId,
                ["created"] = u.Initiated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }).ToList(),
            ["prefix"] = request.Prefix,
            ["delimiter"] = request.Delimiter ?? "",
            ["limit"] = request.MaxUploads,
            ["marker"] = request.KeyMarker ?? "",
            ["next_key_marker"] = listing.NextKeyMarker ?? "",
            ["next_upload_id_marker"] = listing.NextUploadIdMarker ?? "",
            ["has_more"] = listing.IsTruncated,
            ["common_prefixes"] = listing.CommonPrefixes,
        });
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

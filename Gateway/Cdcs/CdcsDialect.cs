using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>The cdcs dialect options (configuration section <c>Gateway:Cdcs</c>).</summary>
public sealed class CdcsOptions
{
    /// <summary>Region named in Complete's Locations. Default: ap-guangzhou.</summary>
    public string Region { get; set; } = "ap-guangzhou";
}

/// <summary>
/// Tencent Cloud CDCS (seed 000): path style <c>/&lt;CofferName-APPID&gt;/&lt;key&gt;</c>, q-sign
/// signatures, JSON documents, coffers with the exclusive rule (Initiate answers 409 while the
/// object exists or an upload is open), Complete with consecutive parts of at least 1 MiB.
/// </summary>
public sealed class CdcsDialect(ObjectFrontend frontend, ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<CdcsOptions> options, ILogger<CdcsDialect> logger)
    : VendorDialect(frontend, gateway.Value, logger)
{
    public override string Name => "cdcs";

    protected override string RequestIdHeader => "x-cdcs-request-id";

    protected override BucketNameRules BucketNames => BucketNameRules.Cdcs;

    /// <summary>"Parts of at least 1 MB": read as 1 MiB (1,048,576 bytes), the larger reading.</summary>
    protected override CompletionRules Rules { get; } = new(1024 * 1024, RequireConsecutive: true);

    protected override BucketRule NewBucketRule => BucketRule.Exclusive;

    protected override IEnumerable<string> VirtualHostSuffixes => [];

    protected override string? Authenticate(HttpContext context, RequestTarget target)
    {
        context.Response.Headers.Server = "tencent-cdcs";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw new DialectException(WireError.AccessDenied, "Access Denied: the request carries no Authorization.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in authorization.Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0)
            {
                fields[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }

        string Field(string name) => fields.TryGetValue(name, out var v) ? v : throw new DialectException(WireError.MalformedAuthorization, $"The Authorization lacks {name}.");
        if (Field("q-sign-algorithm") != "sha1")
        {
            throw new DialectException(WireError.MalformedAuthorization, "q-sign-algorithm must be sha1.");
        }

        var accessKey = Field("q-ak");
        var signTime = Field("q-sign-time");
        var keyTime = Field("q-key-time");
        var window = signTime.Split(';');
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (window.Length != 2 || !long.TryParse(window[0], out var start) || !long.TryParse(window[1], out var end))
        {
            throw new DialectException(WireError.MalformedAuthorization, "q-sign-time must be <start>;<end> in Unix seconds.");
        }

        if (now < start || now > end)
        {
            throw new DialectException(WireError.AccessDenied, "Request has expired: now is outside the q-sign-time window.");
        }

        var secret = credentials.FindSecret(accessKey) ?? throw new DialectException(WireError.InvalidAccessKey, "The SecretId you provided does not exist.");
        var headerNames = Field("q-header-list").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var paramNames = Field("q-url-param-list").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var headers = headerNames.Select(n => new KeyValuePair<string, string>(n, context.Request.Headers[n].ToString()));
        var parameters = paramNames.Select(n => new KeyValuePair<string, string>(n, target.Query.FirstOrDefault(q => string.Equals(q.Key, n, StringComparison.OrdinalIgnoreCase)).Value ?? ""));
        var expected = CdcsSigner.Signature(secret, context.Request.Method, target.DecodedPath, signTime, keyTime, parameters, headers);
        if (!FixedTimeEquals(expected, Field("q-signature")))
        {
            throw new DialectException(WireError.SignatureDoesNotMatch, "The request signature we calculated does not match the signature you provided.");
        }

        return accessKey;
    }

    protected override (int Status, string Code) Describe(WireError error) => DescribeError(error);

    /// <summary>This dialect's rendering of every catalogue code (status and vendor code).</summary>
    public static (int Status, string Code) DescribeError(WireError error) => error switch
    {
        WireError.NoSuchBucket => (404, "NoSuchCoffer"),
        WireError.NoSuchKey => (404, "ObjectNotExists"),
        WireError.NoSuchUpload => (404, "NoSuchUpload"),
        WireError.BucketAlreadyExists => (409, "CofferAlreadyExists"),
        WireError.BucketNotEmpty => (409, "CofferNotEmpty"),
        WireError.ObjectAlreadyExists => (409, "ObjectAlreadyExistsOwnedByYou"),
        WireError.UploadInProgress => (409, "ObjectAlreadyExists"),
        WireError.InvalidPart or WireError.MalformedRequest => (400, "InvalidPart"),
        WireError.InvalidPartOrder => (400, "InvalidPartOrder"),
        WireError.EntityTooSmall => (400, "EntityTooSmall"),
        WireError.EntityTooLarge => (400, "EntityTooLarge"),
        WireError.KeyTooLong => (400, "InvalidObjectKey"),
        WireError.InvalidKey => (400, "InvalidObjectKey"),
        WireError.InvalidBucketName => (400, "InvalidCofferName"),
        WireError.PreconditionFailed => (412, "PreconditionFailed"),
        WireError.AccessDenied or WireError.InvalidAccessKey or WireError.RequestTimeTooSkewed => (403, "AccessDenied"),
        WireError.SignatureDoesNotMatch => (403, "SignatureDoesNotMatch"),
        WireError.MissingContentLength => (411, "MissingContentLength"),
        WireError.MethodNotAllowed or WireError.NotImplemented => (405, "MethodNotAllowed"),
        WireError.ServiceUnavailable => (503, "ServiceUnavailable"),
        WireError.InternalError => (500, "InternalError"),
        WireError.BadDigest => (400, "BadDigest"),
        WireError.RequestTimeout => (400, "RequestTimeout"),
        WireError.ConditionalRequestConflict or WireError.InvalidArgument or WireError.TooManyParts or WireError.MalformedAuthorization or WireError.MalformedQueryAuthorization or WireError.InvalidDigest or WireError.ContentSha256Mismatch or WireError.InvalidChunkSize or WireError.MalformedTrailer or WireError.IncompleteBody or WireError.MalformedDocument or WireError.DocumentTooLarge or WireError.NoPartsListed or WireError.InvalidPartNumber or WireError.InvalidStorageClass or WireError.MetadataTooLarge or WireError.InvalidRange or WireError.InvalidRequest or WireError.TooManyMultipartUploads => (400, "InvalidArgument"),
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string code, string message, string resource, string requestId)
    {
        var traceId = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        context.Response.Headers["x-cdcs-trace-id"] = traceId;
        return WriteJsonAsync(context, status, new { Code = code, Message = message, Resource = resource, RequestId = requestId, TraceId = traceId });
    }

    protected override ObjectSettings ReadSettings(HttpRequest request) => new() { ContentType = string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType };

    protected override Task WriteInitiatedAsync(HttpContext context, string bucket, string key, UploadInfo upload) =>
        WriteJsonAsync(context, 200, new { Coffer = bucket, Key = key, upload.UploadId });

    protected override IReadOnlyList<CompletePart> ParseComplete(byte[] document) => ParseJsonPartList(document, "Part", "PartNumber", "ETag");

    protected override Task WriteCompletedAsync(HttpContext context, string bucket, string key, CompleteResult result) =>
        WriteJsonAsync(context, 200, new { Locations = new { Location = new[] { options.Value.Region } }, Coffer = bucket, Key = key, ETag = "\"" + result.ETag + "\"" });

    protected override async Task ListPartsAsync(HttpContext context, string bucket, string key, UploadInfo upload, RequestTarget t, string accessKey)
    {
        var max = ParseLimit(t.Get("max-parts"), 1000, 1000, "max-parts");
        var marker = ParseLimit(t.Get("part-number-marker"), 0, PartLimits.MaxPartNumber, "part-number-marker");
        var page = await Frontend.Upload(upload.UploadId).ListParts(bucket, key, marker, max);
        await WriteJsonAsync(context, 200, new
        {
            Coffer = bucket,
            Key = key,
            upload.UploadId,
            Initiator = Owner(accessKey),
            Owner = Owner(accessKey),
            PartNumberMarker = marker,
            page.IsTruncated,
            page.NextPartNumberMarker,
            MaxParts = max,
            Part = page.Parts.Select(p => new { p.PartNumber, LastModified = Iso(p.LastModified), ETag = "\"" + p.ETag + "\"", p.Size }),
        });
    }

    protected override async Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget t, string accessKey)
    {
        var request = new UploadListingRequest(t.Get("prefix") ?? "", null, null, t.Get("upload-id-marker"), ParseLimit(t.Get("max-uploads"), 1000, 1000, "max-uploads"), UploadIdMarkerAlone: true);
        var listing = await Frontend.Bucket(bucket).ListUploads(request);
        await WriteJsonAsync(context, 200, new
        {
            Coffer = bucket,
            EncodingType = t.Get("encoding-type") ?? "",
            UploadIdMarker = request.UploadIdMarker ?? "",
            listing.IsTruncated,
            NextUploadIdMarker = listing.NextUploadIdMarker ?? "",
            request.Prefix,
            request.MaxUploads,
            Upload = listing.Uploads.Select(u => new { u.Key, u.UploadId, Initiator = Owner(accessKey), Owner = Owner(accessKey), Initiated = Iso(u.Initiated) }),
        });
    }

    private static object Owner(string accessKey) => new { ID = $"qcs::cam::uin/{accessKey}:uin/{accessKey}", DisplayName = accessKey };

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

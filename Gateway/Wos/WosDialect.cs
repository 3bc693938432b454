using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.Wos;

/// <summary>The wos dialect options (configuration section <c>Gateway:Wos</c>).</summary>
public sealed class WosOptions
{
    /// <summary>Virtual-host suffixes (<c>bucket.&lt;suffix&gt;</c>). Default: none (path style, as the seed).</summary>
    public List<string> VirtualHostSuffixes { get; set; } = [];
}

/// <summary>
/// ChinaNetCenter / Wangsu WOS (seed 002): path style <c>/bucket/key</c>, AWS-SigV2-style signatures
/// with x-wos- headers (<c>AWS</c> and <c>WOS</c> prefixes, presigned query), S3-shaped XML in the
/// WOS namespace, Abort answered 200.
/// </summary>
public sealed class WosDialect(ObjectFrontend frontend, ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<WosOptions> options, ILogger<WosDialect> logger)
    : VendorDialect(frontend, gateway.Value, logger)
{
    public const string Namespace = "http://wcs.chinanetcenter.com/document";

    public override string Name => "wos";

    protected override string RequestIdHeader => "x-wos-request-id";

    protected override BucketNameRules BucketNames => BucketNameRules.Wos;

    protected override CompletionRules Rules => new(Gateway.MinPartSize);

    protected override int AbortedStatus => 200;

    protected override IEnumerable<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    protected override bool IsSignatureParameter(string name) => name is "WOSAccessKeyId" or "AWSAccessKeyId" or "Expires" or "Signature";

    protected override string? Authenticate(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        string accessKey, signature, dateLine;
        var presigned = target.Get("Signature") is not null && (target.Get("WOSAccessKeyId") ?? target.Get("AWSAccessKeyId")) is not null;
        if (presigned)
        {
            accessKey = target.Get("WOSAccessKeyId") ?? target.Get("AWSAccessKeyId")!;
            signature = target.Get("Signature")!;
            dateLine = target.Get("Expires") ?? throw new DialectException(WireError.AccessDenied, "A presigned URL needs Expires.");
            if (!long.TryParse(dateLine, out var expires) || time.GetUtcNow().ToUnixTimeSeconds() > expires)
            {
                throw new DialectException(WireError.AccessDenied, "Request has expired");
            }
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                throw new DialectException(WireError.AccessDenied, "Access Denied: the request carries no Authorization.");
            }

            if (!SchemeCredential.TryParse(authorization, "WOS", out var credential) && !SchemeCredential.TryParse(authorization, "AWS", out credential))
            {
                throw new DialectException(WireError.AccessDenied, "The Authorization header must be 'WOS AccessKey:Signature' (or 'AWS ...').");
            }

            (accessKey, signature) = credential;
            var wosDate = request.Headers["x-wos-date"].ToString();
            var amzDate = request.Headers["x-amz-date"].ToString();
            var date = request.Headers.Date.ToString();
            var effective = wosDate.Length > 0 ? wosDate : amzDate.Length > 0 ? amzDate : date;
            if (effective.Length == 0 || !TryParseHttpDate(effective, out var when))
            {
                throw new DialectException(WireError.AccessDenied, "AWS authentication requires a valid Date or x-wos-date header");
            }

            CheckSkew(when, time);
            dateLine = date;
        }

        var secret = credentials.FindSecret(accessKey) ?? throw new DialectException(WireError.InvalidAccessKey, "The access key you provided does not exist in our records.");
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var query = target.Query.Where(q => q.Key is not ("Signature" or "WOSAccessKeyId" or "AWSAccessKeyId" or "Expires")).ToList();
        var md5 = request.Headers["Content-MD5"].ToString();
        var contentType = request.ContentType ?? "";

        // With x-wos-date (or x-amz-date) clients sign either the Date header or an empty Date line: accept both.
        var candidates = new List<string> { dateLine };
        if (!presigned && (request.Headers.ContainsKey("x-wos-date") || request.Headers.ContainsKey("x-amz-date")) && dateLine.Length > 0)
        {
            candidates.Add("");
        }

        foreach (var candidate in candidates)
        {
            var toSign = WosSigner.StringToSign(request.Method, md5, contentType, candidate, headers, target.RawPath, query);
            if (FixedTimeEquals(WosSigner.Sign(secret, toSign), signature))
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
        WireError.NoSuchBucket => (404, "NoSuchBucket"),
        WireError.NoSuchKey => (404, "NoSuchKey"),
        WireError.NoSuchUpload => (404, "NoSuchUpload"),
        WireError.BucketAlreadyExists => (409, "BucketAlreadyExists"),
        WireError.BucketNotEmpty => (409, "BucketNotEmpty"),
        WireError.ObjectAlreadyExists or WireError.UploadInProgress => (409, "ObjectAlreadyExists"),
        WireError.InvalidPart => (400, "InvalidPart"),
        WireError.InvalidPartOrder => (400, "InvalidPartOrder"),
        WireError.EntityTooSmall => (400, "EntityTooSmall"),
        WireError.EntityTooLarge => (400, "EntityTooLarge"),
        WireError.MalformedDocument => (400, "MalformedXML"),
        WireError.NoPartsListed or WireError.MalformedRequest => (400, "InvalidRequest"),
        WireError.DocumentTooLarge => (400, "MaxMessageLengthExceeded"),
        WireError.KeyTooLong => (400, "KeyTooLongError"),
        WireError.InvalidKey => (400, "InvalidURI"),
        WireError.InvalidBucketName => (400, "InvalidBucketName"),
        WireError.BadDigest => (400, "BadDigest"),
        WireError.InvalidDigest => (400, "InvalidDigest"),
        WireError.IncompleteBody => (400, "IncompleteBody"),
        WireError.RequestTimeout => (400, "RequestTimeout"),
        WireError.PreconditionFailed => (412, "PreconditionFailed"),
        WireError.AccessDenied => (403, "AccessDenied"),
        WireError.SignatureDoesNotMatch => (403, "SignatureDoesNotMatch"),
        WireError.InvalidAccessKey => (403, "InvalidAccessKeyId"),
        WireError.RequestTimeTooSkewed => (403, "RequestTimeTooSkewed"),
        WireError.MissingContentLength => (411, "MissingContentLength"),
        WireError.MethodNotAllowed => (405, "MethodNotAllowed"),
        WireError.NotImplemented => (501, "NotImplemented"),
        WireError.ServiceUnavailable => (503, "ServiceUnavailable"),
        WireError.InternalError => (500, "InternalError"),
        WireError.ConditionalRequestConflict or WireError.InvalidArgument or WireError.TooManyParts or WireError.MalformedAuthorization or WireError.MalformedQueryAuthorization or WireError.ContentSha256Mismatch or WireError.InvalidChunkSize or WireError.MalformedTrailer or WireError.InvalidPartNumber or WireError.InvalidStorageClass or WireError.MetadataTooLarge or WireError.InvalidRange or WireError.InvalidRequest or WireError.TooManyMultipartUploads => (400, "InvalidArgument"),
    };

    protected override Task WriteErrorAsync(HttpContext context, int status, string code, string message, string resource, string requestId) =>
        WriteXmlAsync(context, status, "Error", null, w =>
        {
            w.WriteElementString("Code", code);
            w.WriteElementString("Message", message);
            w.WriteElementString("Resource", resource);
            w.WriteElementString("RequestId", requestId);
        });

    protected override ObjectSettings ReadSettings(HttpRequest request) => new() { ContentType = string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType };

    protected override Task WriteInitiatedAsync(HttpContext context, string bucket, string key, UploadInfo upload) =>
        WriteXmlAsync(context, 200, "InitiateMultipartUploadResult", Namespace, w =>
        {
            w.WriteElementString("Bucket", Namespace, bucket);
            w.WriteElementString("Key", Namespace, key);
            w.WriteElementString("UploadId", Namespace, upload.UploadId);
        });

    protected override IReadOnlyList<CompletePart> ParseComplete(byte[] document)
    {
        if (document.Length == 0)
        {
            throw new DialectException(WireError.MalformedDocument, "The XML you provided was not well-formed or did not validate against our published schema.");
        }

        var root = ParseXml(document);
        if (root.Name.LocalName != "CompleteMultipartUpload")
        {
            throw new DialectException(WireError.MalformedDocument, "The root element must be CompleteMultipartUpload.");
        }

        return root.Elements().Where(e => e.Name.LocalName == "Part").Select(p =>
        {
            var number = p.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value;
            var etag = p.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value;
            return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && etag is not null
                ? new CompletePart(n, etag)
                : throw new DialectException(WireError.MalformedDocument, "Each Part needs PartNumber and ETag.");
        }).ToList();
    }

    protected override Task WriteCompletedAsync(HttpContext context, string bucket, string key, CompleteResult result) =>
        WriteXmlAsync(context, 200, "CompleteMultipartUploadResult", Namespace, w =>
        {
            w.WriteElementString("Location", Namespace, $"{context.Request.Scheme}://{context.Request.Host}/{bucket}/{RequestTarget.UriEncode(key, true)}");
            w.WriteElementString("Bucket", Namespace, bucket);
            w.WriteElementString("Key", Namespace, key);
            w.WriteElementString("ETag", Namespace, "\"" + result.ETag + "\"");
        });

    protected override async Task ListPartsAsync(HttpContext context, string bucket, string key, UploadInfo upload, RequestTarget t, string accessKey)
    {
        var max = ParseLimit(t.Get("max-parts"), 1000, 1000, "max-parts");
        if (max < 1)
        {
            throw new DialectException(WireError.InvalidArgument, "max-parts must be between 1 and 1000.");
        }

        var marker = ParseLimit(t.Get("part-number-marker"), 0, PartLimits.MaxPartNumber, "part-number-marker");
        var page = await Frontend.Upload(upload.UploadId).ListParts(bucket, key, marker, max);
        await WriteXmlAsync(context, 200, "ListPartsResult", Namespace, w =>
        {
            w.WriteElementString("Bucket", Namespace, bucket);
            w.WriteElementString("Key", Namespace, key);
            w.WriteElementString("UploadId", Namespace, upload.UploadId);
            Owner(w, "Initiator", accessKey);
            Owner(w, "Owner", accessKey);
            w.WriteElementString("StorageClass", Namespace, upload.Settings.StorageClass ?? "STANDARD");
            w.WriteElementString("PartNumberMarker", Namespace, marker.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("NextPartNumberMarker", Namespace, page.NextPartNumberMarker.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("MaxParts", Namespace, max.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("IsTruncated", Namespace, page.IsTruncated ? "true" : "false");
            foreach (var part in page.Parts)
            {
                w.WriteStartElement("Part", Namespace);
                w.WriteElementString("PartNumber", Namespace, part.PartNumber.ToString(CultureInfo.InvariantCulture));
                w.WriteElementString("LastModified", Namespace, Iso(part.LastModified));
                w.WriteElementString("ETag", Namespace, "\"" + part.ETag + "\"");
                w.WriteElementString("Size", Namespace, part.Size.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Undocumented by the vendor: the S3 shape in the WOS namespace.</summary>
    protected override async Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget t, string accessKey)
    {
        var request = new UploadListingRequest(t.Get("prefix") ?? "", NullIfEmpty(t.Get("delimiter")), NullIfEmpty(t.Get("key-marker")), NullIfEmpty(t.Get("upload-id-marker")), ParseLimit(t.Get("max-uploads"), 1000, 1000, "max-uploads"));
        var listing = await Frontend.Bucket(bucket).ListUploads(request);
        await WriteXmlAsync(context, 200, "ListMultipartUploadsResult", Namespace, w =>
        {
            w.WriteElementString("Bucket", Namespace, bucket);
            w.WriteElementString("KeyMarker", Namespace, request.KeyMarker ?? "");
            w.WriteElementString("UploadIdMarker", Namespace, request.UploadIdMarker ?? "");
            w.WriteElementString("NextKeyMarker", Namespace, listing.NextKeyMarker ?? "");
            w.WriteElementString("NextUploadIdMarker", Namespace, listing.NextUploadIdMarker ?? "");
            if (request.Delimiter is not null)
            {
                w.WriteElementString("Delimiter", Namespace, request.Delimiter);
            }

            w.WriteElementString("Prefix", Namespace, request.Prefix);
            w.WriteElementString("MaxUploads", Namespace, request.MaxUploads.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("IsTruncated", Namespace, listing.IsTruncated ? "true" : "false");
            foreach (var upload in listing.Uploads)
            {
                w.WriteStartElement("Upload", Namespace);
                w.WriteElementString("Key", Namespace, upload.Key);
                w.WriteElementString("UploadId", Namespace, upload.UploadId);
                Owner(w, "Initiator", accessKey);
                Owner(w, "Owner", accessKey);
                w.WriteElementString("StorageClass", Namespace, upload.StorageClass ?? "STANDARD");
                w.WriteElementString("Initiated", Namespace, Iso(upload.Initiated));
                w.WriteEndElement();
            }

            foreach (var prefix in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes", Namespace);
                w.WriteElementString("Prefix", Namespace, prefix);
                w.WriteEndElement();
            }
        });
    }

    private static void Owner(XmlWriter w, string element, string accessKey)
    {
        w.WriteStartElement(element, Namespace);
        w.WriteElementString("ID", Namespace, accessKey);
        w.WriteElementString("DisplayName", Namespace, accessKey);
        w.WriteEndElement();
    }

    private static Task WriteXmlAsync(HttpContext context, int status, string root, string? ns, Action<XmlWriter> body) =>
        XmlResponse.WriteAsync(context, status, root, ns, body, standalone: true);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

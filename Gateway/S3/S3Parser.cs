using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's parser: an S3 REST request (method, sub-resources, x-amz-* headers) as an <see cref="Operation"/>.</summary>
public sealed partial class S3Parser(GatewayOptions gateway)
{
    private readonly RequestDocumentLimits _limits = RequestDocumentLimits.From(gateway);

    private static readonly HashSet<string> StorageClasses =
        ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"];

    public async Task<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller)
    {
        var method = context.Request.Method;
        if (t.Bucket is not { } bucket)
        {
            return HttpMethods.IsGet(method) ? ListBuckets(t) : throw MultipartError.MethodNotAllowed.Error();
        }

        S3UnstoredFeatures.Refuse(context.Request, t);
        var plain = S3SubResources.NoneIn(t);
        if (t.Key.Length == 0)
        {
            return method switch
            {
                _ when t.Has("cors") => await CorsAsync(context, bucket, method),
                _ when HttpMethods.IsPut(method) && OperationParameters(t) == 0 => await CreateBucketAsync(context, bucket),
                _ when HttpMethods.IsHead(method) => new HeadBucket(bucket),
                _ when HttpMethods.IsDelete(method) && OperationParameters(t) == 0 => new DeleteBucket(bucket),
                _ when HttpMethods.IsGet(method) && t.Has("uploads") => ListUploads(bucket, t),
                _ when HttpMethods.IsGet(method) && t.Has("location") => new GetBucketLocation(bucket),
                _ when HttpMethods.IsGet(method) && t.Has("versioning") => new GetBucketVersioning(bucket),
                _ when HttpMethods.IsGet(method) && t.Has("versions") => ListVersions(bucket, t),
                _ when HttpMethods.IsGet(method) && t.Get("list-type") == "2" => ListObjects(bucket, t, ListingVersion.V2),
                _ when HttpMethods.IsGet(method) && plain => ListObjects(bucket, t, ListingVersion.V1),
                _ when HttpMethods.IsPost(method) && t.Has("delete") => await DeleteObjectsAsync(context, bucket),
                _ when HttpMethods.IsPut(method) && t.Has("encryption") => await PutBucketEncryptionAsync(context, bucket),
                _ when HttpMethods.IsGet(method) && t.Has("encryption") => new GetBucketEncryption(bucket),
                _ when HttpMethods.IsDelete(method) && t.Has("encryption") => new DeleteBucketEncryption(bucket),
                _ => throw S3SubResources.NotServed(method, t, "a bucket"),
            };
        }

        var key = t.Key;
        if (HttpMethods.IsPut(method) && context.Request.Headers.ContainsKey(CopySourceHeader))
        {
            return Copy(context.Request, t, bucket, key, caller);
        }

        var request = context.Request;
        var uploadId = t.Get("uploadId");
        return method switch
        {
            _ when HttpMethods.IsPost(method) && t.Has("uploads") => Initiate(request, bucket, key),
            _ when HttpMethods.IsPut(method) && (uploadId is not null || t.Has("partNumber")) => UploadPart(request, bucket, key, t, caller),
            _ when HttpMethods.IsPost(method) && uploadId is not null => await CompleteAsync(context, bucket, key, uploadId),
            _ when HttpMethods.IsDelete(method) && uploadId is not null => new AbortUpload(bucket, key, uploadId),
            _ when HttpMethods.IsGet(method) && uploadId is not null => ListParts(bucket, key, uploadId, t),
            _ when HttpMethods.IsPut(method) && plain => PutObject(request, bucket, key, caller),
            _ when HttpMethods.IsGet(method) && t.Has("attributes") => GetObjectAttributes(request, bucket, key),
            _ when (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && plain => GetObject(request, bucket, key, t),
            _ when HttpMethods.IsDelete(method) && plain => new DeleteObject(bucket, key),
            _ => throw S3SubResources.NotServed(method, t, "an object"),
        };
    }

    /// <summary>Query parameters that name an operation, not a presigned URL's signature (X-Amz-*, or V2's AWSAccessKeyId, Expires, Signature).</summary>
    private static int OperationParameters(RequestTarget t) =>
        t.Query.Count(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal) && p.Key is not ("AWSAccessKeyId" or "Expires" or "Signature"));

    /// <summary>ListBuckets, paged as AWS does since 2024: max-buckets (1..10000), continuation-token, prefix.</summary>
    private static ListBuckets ListBuckets(RequestTarget t) => new(
        t.Get("prefix") ?? "",
        t.Get("continuation-token") is { } token ? S3ContinuationToken.Decode(token) : null,
        ParseInt(t.Get("max-buckets"), 10_000, 1, 10_000, "max-buckets"),
        t.Get("max-buckets") is not null || t.Get("continuation-token") is not null);

    private async Task<CreateBucket> CreateBucketAsync(HttpContext context, string bucket)
    {
        var rule = context.Request.Headers[S3Options.BucketRuleHeader].ToString().ToLowerInvariant() switch
        {
            "" or "concurrent" => BucketRule.Concurrent,
            "exclusive" => BucketRule.Exclusive,
            _ => throw S3Errors.InvalidArgument($"{S3Options.BucketRuleHeader} must be exclusive or concurrent."),
        };

        // The optional CreateBucketConfiguration (a location constraint) is read and ignored: one region.
        if (context.Request.ContentLength > 0)
        {
            await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = 64 * 1024 });
        }

        return new CreateBucket(bucket, rule);
    }

    private static ListObjects ListObjects(string bucket, RequestTarget t, ListingVersion version)
    {
        var v2 = version == ListingVersion.V2;
        var token = v2 ? t.Get("continuation-token") : null;
        var start = v2
            ? token is not null ? S3ContinuationToken.Decode(token) : NullIfEmpty(t.Get("start-after"))
            : NullIfEmpty(t.Get("marker"));
        var request = new ObjectListingRequest(t.Get("prefix") ?? "", NullIfEmpty(t.Get("delimiter")), start, ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys"));
        return new ListObjects(bucket, request, version, UrlEncoding(t), token, NullIfEmpty(t.Get("start-after")), !v2 || t.Get("fetch-owner") == "true");
    }

    private static ListObjectVersions ListVersions(string bucket, RequestTarget t) => new(
        bucket,
        new ObjectListingRequest(t.Get("prefix") ?? "", NullIfEmpty(t.Get("delimiter")), NullIfEmpty(t.Get("key-marker")), ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys")),
        UrlEncoding(t),
        t.Get("version-id-marker") ?? "");

    private async Task<DeleteObjects> DeleteObjectsAsync(HttpContext context, string bucket)
    {
        var root = await RequestDocument.ReadXmlAsync(context, _limits);
        if (root.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = string.Equals(root.Child("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = root.Children("Object").Select(o => o.Child("Key") ?? throw S3Errors.MalformedXml()).ToList();
        return keys.Count is 0 or > 1000 ? throw S3Errors.MalformedXml() : new DeleteObjects(bucket, keys, quiet);
    }

    private static ListUploads ListUploads(string bucket, RequestTarget t)
    {
        var encoding = UrlEncoding(t) ? "url" : null;
        return new ListUploads(bucket, new UploadListingRequest(
            t.Get("prefix") ?? "",
            NullIfEmpty(t.Get("delimiter")),
            NullIfEmpty(t.Get("key-marker")),
            NullIfEmpty(t.Get("upload-id-marker")),
            ParseInt(t.Get("max-uploads"), 1000, 0, 1000, "max-uploads")), encoding);
    }

    private static UploadPart UploadPart(HttpRequest request, string bucket, string key, RequestTarget t, Caller caller)
    {
        var uploadId = t.Get("uploadId");
        var partText = t.Get("partNumber");
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw S3Errors.InvalidArgument("UploadPart needs both partNumber and uploadId.");
        }

        return new UploadPart(bucket, key, uploadId, S3Dialect.WireLimits.ServicePartNumber(partText), new S3Body(caller.Signature!), S3Encryption.CustomerKey(request.Headers));
    }

    private async Task<CompleteUpload> CompleteAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        var conditions = ReadConditions(context.Request);
        var root = await RequestDocument.ReadXmlAsync(context, _limits);
        if (root.Name.LocalName != "CompleteMultipartUpload")
        {
            throw S3Errors.MalformedXml();
        }

        var parts = new List<CompletePart>();
        foreach (var part in root.Children("Part"))
        {
            if (!int.TryParse(part.Child("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }

            parts.Add(new CompletePart(number, part.Child("ETag") ?? throw S3Errors.MalformedXml(), PartChecksum(part)));
            if (parts.Count > PartLimits.MaxPartNumber)
            {
                throw S3Errors.MalformedXml();
            }
        }

        var rules = new CompletionRules(gateway.MinPartSize, ExpectedChecksum: ExpectedObjectChecksum(context.Request), RequirePartChecksums: true);
        return new CompleteUpload(bucket, key, uploadId, LastOfEachResentPart(parts), rules, conditions);
    }

    private static ListParts ListParts(string bucket, string key, string uploadId, RequestTarget t)
    {
        var maxParts = ParseInt(t.Get("max-parts"), 1000, 0, 1000, "max-parts");
        var marker = ParseInt(t.Get("part-number-marker"), 0, 0, PartLimits.MaxPartNumber, "part-number-marker");
        return new ListParts(bucket, key, uploadId, marker, maxParts, UrlEncoding(t));
    }

    private static GetObject GetObject(HttpRequest request, string bucket, string key, RequestTarget t)
    {
        int? partNumber = null;
        if (t.Get("partNumber") is { } partText)
        {
            partNumber = int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= PartLimits.MaxPartNumber
                ? n
                : throw MultipartError.InvalidPartNumber.With(1, PartLimits.MaxPartNumber);
        }

        var headers = request.Headers;
        S3Encryption.RefuseWriteHeadersOnRead(headers);
        var preconditions = new ReadPreconditions(headers.IfMatch.ToString(), headers.IfNoneMatch.ToString(), headers.IfModifiedSince.ToString(), headers.IfUnmodifiedSince.ToString());
        var overrides = new ResponseOverrides(t.Get("response-content-type"), t.Get("response-cache-control"), t.Get("response-content-disposition"),
            t.Get("response-content-encoding"), t.Get("response-content-language"), t.Get("response-expires"));
        return new GetObject(bucket, key, HttpMethods.IsHead(request.Method), partNumber, headers.Range.ToString(), preconditions, overrides, ChecksumModeEnabled(request), S3Encryption.CustomerKey(headers));
    }

    /// <summary>
    /// A part number listed again right after itself (the part was re-sent and both sends were
    /// listed) counts once, with its last entry, as Ceph RGW does (s3-tests
    /// test_multipart_resend_first_finishes_last); a number that goes back down is still InvalidPartOrder.
    /// </summary>
    private static List<CompletePart> LastOfEachResentPart(List<CompletePart> parts)
    {
        var kept = new List<CompletePart>(parts.Count);
        foreach (var part in parts)
        {
            if (kept.Count > 0 && kept[^1].PartNumber == part.PartNumber)
            {
                kept[^1] = part;
            }
            else
            {
                kept.Add(part);
            }
        }

        return kept;
    }

    private static WriteConditions ReadConditions(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch != "*")
        {
            throw NotImplemented("If-None-Match with a value other than *");
        }

        return new WriteConditions(ifMatch.Length > 0 ? ifMatch : null, ifNoneMatch == "*");
    }

    private static ObjectSettings ReadSettings(HttpRequest request) => ReadSettings(request.Headers);

    /// <summary>An object's settings from its headers (a request's, or a POST Object form's fields).</summary>
    internal static ObjectSettings ReadSettings(IHeaderDictionary headers)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[name["x-amz-meta-".Length..].ToLowerInvariant()] = value.ToString();
            }
        }

        if (ObjectLimits.MetadataBytes(metadata) > ObjectLimits.MaxMetadataBytes)
        {
            throw MultipartError.MetadataTooLarge.Error();
        }

        var storageClass = headers["x-amz-storage-class"].ToString();
        if (storageClass.Length > 0 && !StorageClasses.Contains(storageClass))
        {
            throw MultipartError.InvalidStorageClass.Error();
        }

        return new ObjectSettings
        {
            ContentType = NullIfEmpty(headers.ContentType.ToString()),
            CacheControl = NullIfEmpty(headers.CacheControl.ToString()),
            ContentDisposition = NullIfEmpty(headers.ContentDisposition.ToString()),
            ContentEncoding = NullIfEmpty(WithoutAwsChunked(headers.ContentEncoding.ToString())),
            ContentLanguage = NullIfEmpty(headers.ContentLanguage.ToString()),
            Expires = NullIfEmpty(headers.Expires.ToString()),
            StorageClass = NullIfEmpty(storageClass),
            Metadata = metadata,
        };
    }

    /// <summary>The Content-Encoding the client gave, as it wrote it, without the aws-chunked transfer coding.</summary>
    private static string WithoutAwsChunked(string contentEncoding) =>
        string.Join(',', contentEncoding.Split(',').Where(coding => !coding.Trim().Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))).Trim();

    private static int ParseInt(string? value, int fallback, int min, int max, string name)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min)
        {
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range");
        }

        return Math.Min(parsed, max);
    }

    private static bool UrlEncoding(RequestTarget t) => t.Get("encoding-type") switch
    {
        null => false,
        "url" => true,
        _ => throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request"),
    };

    private static DialectException NotImplemented(string what) => S3Errors.NotImplemented(what);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

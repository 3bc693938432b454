using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's binder: an S3 REST request (method, sub-resources, x-amz-* headers) as an <see cref="Operation"/>, through its route table.</summary>
internal sealed partial class S3Parser(GatewayOptions gateway)
{
    private readonly RequestDocumentLimits _limits = RequestDocumentLimits.From(gateway);

    private static readonly HashSet<string> StorageClasses =
        ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"];

    private RouteTable? _routes;

    /// <summary>The s3 dialect's route table: each feature's rows (Features/&lt;feature&gt;/S3Parser.&lt;feature&gt;.cs), in this order within each scope.</summary>
    private RouteTable Routes => _routes ??= new RouteTable(
        [.. AccessRoutes(), .. CopyRoutes(), .. CorsRoutes(), .. LifecycleRoutes(), .. TaggingRoutes(), .. VersioningRoutes(), .. BucketRoutes(), .. MultipartRoutes(), .. ListingRoutes(), .. ObjectRoutes(), .. EncryptionRoutes(), .. ChecksumRoutes()],
        NotServed);

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller)
    {
        if (t.Bucket is not null)
        {
            S3UnstoredFeatures.Refuse(context.Request, t);
        }

        var bound = Routes.BindAsync(context, t, caller);
        return S3AclHeaders.Present(context.Request, t) ? WithRequestedAclAsync(bound, context, t, caller) : bound;
    }

    /// <summary>What no row binds: MethodNotAllowed on the service root, else 501 NotImplemented naming the sub-resource(s) asked for.</summary>
    private static Exception NotServed(RouteRequest request, RouteScope scope) => scope switch
    {
        RouteScope.Service => MultipartError.MethodNotAllowed.Error(),
        RouteScope.Bucket => S3SubResources.NotServed(request.Method, request.Target, "a bucket"),
        _ => S3SubResources.NotServed(request.Method, request.Target, "an object"),
    };

    /// <summary>True when the query names no sub-resource: the request is the plain operation of its method.</summary>
    private static bool Plain(RouteRequest request) => S3SubResources.NoneIn(request.Target);

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
            Tags = TagSetOfHeader(headers[TaggingHeader].ToString()),
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

using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// CopyObject (<c>PUT /bucket/key</c>) and UploadPartCopy (<c>PUT ...?partNumber=N&amp;uploadId=U</c>) with
/// <c>x-amz-copy-source</c>, its <c>x-amz-copy-source-if-*</c> conditions, <c>x-amz-metadata-directive</c> and
/// <c>x-amz-copy-source-range</c>.
/// </summary>
internal sealed partial class S3Parser
{
    /// <summary>A PUT with x-amz-copy-source is a copy whatever else it names (UploadPartCopy with uploadId, CopyObject without).</summary>
    private static IEnumerable<Route> CopyRoutes() =>
    [
        Route.On(RouteScope.Object, HttpMethods.IsPut, r => r.Request.Headers.ContainsKey(CopySourceHeader), r => Copy(r.Request, r.Target, r.Bucket, r.Key, r.Caller)),
    ];

    private const string CopySourceHeader = "x-amz-copy-source";

    private static Operation Copy(HttpRequest request, RequestTarget t, string bucket, string key, Caller caller)
    {
        // The copy reads the source as a GET would: an unsigned request reads nothing, whatever the destination allows.
        if (caller == Caller.Anonymous)
        {
            throw S3Errors.AccessDenied("Access Denied: a copy reads its source, and reads must be signed.");
        }

        var (sourceBucket, sourceKey, sourceVersion) = ParseCopySource(request.Headers[CopySourceHeader].ToString());
        var headers = request.Headers;

        // The source's SSE-C key reads it; the destination's encryption is asked as a write asks it (SSE-KMS refused by name).
        var sourceCustomerKey = S3Encryption.CopySourceCustomerKey(headers);
        var source = new CopySource(
            sourceBucket,
            sourceKey,
            IfMatch: NullIfEmpty(headers["x-amz-copy-source-if-match"].ToString()),
            IfNoneMatch: NullIfEmpty(headers["x-amz-copy-source-if-none-match"].ToString()),
            IfModifiedSince: HttpDate(headers["x-amz-copy-source-if-modified-since"].ToString()),
            IfUnmodifiedSince: HttpDate(headers["x-amz-copy-source-if-unmodified-since"].ToString()),
            VersionId: sourceVersion);

        if (t.Get("uploadId") is not null || t.Has("partNumber"))
        {
            var uploadId = t.Get("uploadId");
            var partText = t.Get("partNumber");
            if (string.IsNullOrEmpty(uploadId) || partText is null)
            {
                throw S3Errors.InvalidArgument("UploadPartCopy needs both partNumber and uploadId.");
            }

            // A part takes its upload's encryption: only an SSE-C upload's key is (and must be) sent; SSE-KMS headers are refused by name.
            var uploadKey = S3Encryption.ForWrite(headers).CustomerKey;
            return new UploadPartCopy(bucket, key, uploadId, S3Dialect.WireLimits.ServicePartNumber(partText), source, CopySourceRange(headers["x-amz-copy-source-range"].ToString()), sourceCustomerKey, uploadKey);
        }

        if (!S3SubResources.NoneIn(t))
        {
            throw S3SubResources.NotServed("PUT with x-amz-copy-source", t, "an object");
        }

        var storageClass = NullIfEmpty(headers["x-amz-storage-class"].ToString());
        if (storageClass is not null && !StorageClasses.Contains(storageClass))
        {
            throw MultipartError.InvalidStorageClass.Error();
        }

        var write = WriteEncryption(request);
        var encryption = new CopyEncryption(sourceCustomerKey, write.ServiceKey, write.CustomerKey);
        var replace = headers["x-amz-metadata-directive"].ToString() switch
        {
            "" or "COPY" => false,
            "REPLACE" => true,
            var other => throw S3Errors.InvalidArgument($"Unknown metadata directive '{other}': x-amz-metadata-directive is COPY or REPLACE."),
        };

        // A copy onto itself must change something (AWS: metadata, storage class or encryption; this service stores nothing else a copy could change).
        if (!replace && storageClass is null && !encryption.DestinationNamed && sourceBucket == bucket && sourceKey == key && sourceVersion is null)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        // Tags follow their own directive (COPY: the source's; REPLACE: x-amz-tagging's, none without it), whatever the metadata directive.
        var replaceTags = headers["x-amz-tagging-directive"].ToString() switch
        {
            "" or "COPY" => false,
            "REPLACE" => true,
            var other => throw S3Errors.InvalidArgument($"Unknown tagging directive '{other}': x-amz-tagging-directive is COPY or REPLACE."),
        };
        source = source with
        {
            ReplaceSettings = replace ? ReadSettings(request) : null,
            StorageClass = storageClass,
            ReplaceTags = replaceTags,
            Tags = replaceTags ? TagSetOfHeader(headers[TaggingHeader].ToString()) : null,
        };
        return new CopyObject(bucket, key, source, ReadConditions(request), encryption);
    }

    /// <summary>
    /// <c>bucket/key</c> or <c>/bucket/key</c>, URL-encoded, optionally <c>?versionId=</c>: the source's version
    /// (null: its current object); a version ID no version could have is S3's InvalidArgument.
    /// </summary>
    private static (string Bucket, string Key, string? VersionId) ParseCopySource(string header)
    {
        var value = header.Trim();
        string? versionId = null;
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            foreach (var pair in value[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var (name, version) = eq < 0 ? (pair, "") : (pair[..eq], RequestTarget.Decode(pair[(eq + 1)..]));
                if (name == "versionId")
                {
                    versionId = OperationExecutor.CheckedVersionId(version);
                }
            }

            value = value[..query];
        }

        var path = RequestTarget.DecodeStrict(value.StartsWith('/') ? value[1..] : value);
        var slash = path.IndexOf('/');
        return slash > 0 && slash < path.Length - 1
            ? (path[..slash], path[(slash + 1)..], versionId)
            : throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.");
    }

    /// <summary><c>bytes=first-last</c>, both given, first &lt;= last; anything else is InvalidArgument (AWS; suffix and open ranges are not copy ranges).</summary>
    private static CopyRange? CopySourceRange(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        const string Prefix = "bytes=";
        var dash = header.IndexOf('-');
        if (header.StartsWith(Prefix, StringComparison.Ordinal) && dash > Prefix.Length
            && long.TryParse(header.AsSpan(Prefix.Length, dash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(header.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first <= last)
        {
            return new CopyRange(first, last);
        }

        throw S3Errors.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
    }

    /// <summary>An HTTP date, or null when absent or not a date (S3 ignores a condition it cannot read).</summary>
    private static DateTimeOffset? HttpDate(string value) =>
        value.Length > 0 && HeaderUtilities.TryParseDate(value, out var date) ? date : null;
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The shape the four vendor dialects share (cdcs, wos, qingstor, jss): a REST API over
/// buckets and keys, one Authorization scheme, a request-id header, and the multipart set. This base
/// routes the request and runs the operation through <see cref="ObjectFrontend"/> and the grains; a
/// dialect supplies what differs: addressing, signature, parameter names, wire documents, errors.
/// </summary>
public abstract partial class VendorDialect(ObjectFrontend frontend, GatewayOptions gateway, ILogger logger) : IProtocolDialect
{
    protected static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected ObjectFrontend Frontend => frontend;

    protected GatewayOptions Gateway => gateway;

    public abstract string Name { get; }

    /// <summary>Response header carrying the request ID (x-cdcs-request-id, x-wos-request-id, ...).</summary>
    protected abstract string RequestIdHeader { get; }

    protected virtual string UploadIdParameter => "uploadId";

    protected virtual string PartNumberParameter => "partNumber";

    /// <summary>The wire number of the first part (QingStor counts from 0).</summary>
    protected virtual int FirstPartNumber => 1;

    private int LastPartNumber => FirstPartNumber + PartLimits.MaxPartNumber - 1;

    protected abstract CompletionRules Rules { get; }

    /// <summary>The bucket names CreateBucket accepts, by the vendor's naming rules.</summary>
    protected abstract BucketNameRules BucketNames { get; }

    /// <summary>The rule new buckets get (CDCS coffers: exclusive).</summary>
    protected virtual BucketRule NewBucketRule => BucketRule.Concurrent;

    /// <summary>Virtual-host suffixes: <c>bucket.&lt;suffix&gt;</c> names the bucket; other hosts are path-style.</summary>
    protected abstract IEnumerable<string> VirtualHostSuffixes { get; }

    /// <summary>
    /// Checks the request's signature; returns the access key, or null for an unsigned request the
    /// dialect lets through to the bucket's anonymous-write check. Throws <see cref="DialectException"/>.
    /// </summary>
    protected abstract string? Authenticate(HttpContext context, RequestTarget target);

    /// <summary>Query parameters that carry a query-string signature, not an operation (ignored when routing).</summary>
    protected virtual bool IsSignatureParameter(string name) => false;

    /// <summary>A bucket sub-resource the dialect serves itself (QingStor's ?acl), or null.</summary>
    protected virtual Func<Task>? BucketSubresource(HttpContext context, string bucket, RequestTarget target) => null;

    /// <summary>The vendor's status and code for an error.</summary>
    protected abstract (int Status, string Code) Describe(WireError error);

    protected abstract Task WriteErrorAsync(HttpContext context, int status, string code, string message, string resource, string requestId);

    protected abstract ObjectSettings ReadSettings(HttpRequest request);

    protected abstract Task WriteInitiatedAsync(HttpContext context, string bucket, string key, UploadInfo upload);

    /// <summary>Parses the Complete document; part numbers as sent on the wire.</summary>
    protected abstract IReadOnlyList<CompletePart> ParseComplete(byte[] document);

    protected abstract Task WriteCompletedAsync(HttpContext context, string bucket, string key, CompleteResult result);

    protected abstract Task ListPartsAsync(HttpContext context, string bucket, string key, UploadInfo upload, RequestTarget target, string accessKey);

    protected abstract Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget target, string accessKey);

    /// <summary>The rules for one Complete request (a dialect may take a setting from the request).</summary>
    protected virtual CompletionRules CompletionRulesFor(HttpContext context) => Rules;

    protected virtual int PartStoredStatus => 200;

    protected virtual int AbortedStatus => 204;

    protected virtual int CompletedStatus => 200;

    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var requestId = record.RequestId;
        context.Response.Headers[RequestIdHeader] = requestId;
        RequestTarget? target = null;
        try
        {
            target = RequestTarget.Parse(context, VirtualHostBucket(context.Request.Host.Host));
            record.Bucket = target.Bucket;
            var accessKey = Authenticate(context, target) ?? await AnonymousAsync(context, target);
            await DispatchAsync(context, target, accessKey);
        }
        catch (Exception ex) when (Translate(ex) is { } error)
        {
            await FailAsync(context, error, target, requestId);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, ex, Name, context.Request.Method, target?.DecodedPath ?? "", requestId);
            await FailAsync(context, new DialectException(WireError.InternalError, "We encountered an internal error. Please try again."), target, requestId);
        }
    }

    private async Task FailAsync(HttpContext context, DialectException error, RequestTarget? target, string requestId)
    {
        var (status, code) = Describe(error.Error);
        RequestRecord.Of(context).ErrorCode = code;
        RequestRecord.Of(context).Error = error.Error;
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Headers.Remove("ETag");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = status;
            return;
        }

        await WriteErrorAsync(context, status, code, error.Message, target?.DecodedPath ?? "/", requestId);
    }

    private static DialectException? Translate(Exception ex) => ex switch
    {
        DialectException d => d,
        MultipartException mp => DialectException.From(mp),
        BadDigestException bad => new DialectException(WireError.BadDigest, bad.Message),
        MalformedUriException uri => new DialectException(WireError.InvalidKey, uri.Message),
        BodyIdleTimeoutException => new DialectException(WireError.RequestTimeout, "Your socket connection to the server was not read from or written to within the timeout period."),
        BlobTooLargeException => new DialectException(WireError.EntityTooLarge, "Your proposed upload exceeds the maximum allowed size."),
        IncompleteBodyException or BadHttpRequestException or IOException =>
            new DialectException(WireError.IncompleteBody, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        _ when DomainErrors.IsTransient(ex) => DomainErrors.Unavailable(),
        _ => null,
    };

    private string? VirtualHostBucket(string host)
    {
        foreach (var suffix in VirtualHostSuffixes)
        {
            if (host.Length > suffix.Length + 1 && host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
            {
                return host[..^(suffix.Length + 1)];
            }
        }

        return null;
    }

    /// <summary>Unsigned requests may write (never read or change ACLs) in a bucket marked anonymous-writable.</summary>
    private async Task<string> AnonymousAsync(HttpContext context, RequestTarget target)
    {
        var method = context.Request.Method;
        var write = HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsDelete(method);
        if (write && target.Bucket is not null && target.Key.Length > 0
            && await frontend.Bucket(target.Bucket).Describe() is { AnonymousWrite: true })
        {
            return "anonymous";
        }

        throw new DialectException(WireError.AccessDenied, "Access Denied: sign the request, or write to a bucket that allows anonymous writes.");
    }

    private Task DispatchAsync(HttpContext context, RequestTarget t, string accessKey)
    {
        var method = context.Request.Method;
        var operationParameters = t.Query.Count(q => !IsSignatureParameter(q.Key));
        if (t.Bucket is null)
        {
            throw new DialectException(WireError.MethodNotAllowed, "The specified method is not allowed against this resource.");
        }

        var bucket = t.Bucket;
        if (t.Key.Length == 0)
        {
            if (BucketSubresource(context, bucket, t) is { } handler)
            {
                return RequestRecord.Run(context, "BucketSubresource", handler());
            }

            return method switch
            {
                _ when HttpMethods.IsGet(method) && t.Has("uploads") => RequestRecord.Run(context, "ListUploads", ListUploadsAsync(context, bucket, t, accessKey)),
                _ when HttpMethods.IsPut(method) && operationParameters == 0 => RequestRecord.Run(context, "CreateBucket", CreateBucketAsync(context, bucket)),
                _ when HttpMethods.IsDelete(method) && operationParameters == 0 => RequestRecord.Run(context, "DeleteBucket", DeleteBucketAsync(context, bucket)),
                _ when HttpMethods.IsHead(method) => RequestRecord.Run(context, "HeadBucket", HeadBucketAsync(context, bucket)),
                _ => throw new DialectException(WireError.NotImplemented, $"{method} on a bucket with these parameters is not implemented."),
            };
        }

        var key = t.Key;
        if (Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw new DialectException(WireError.KeyTooLong, $"Object keys are at most {ObjectKey.MaxKeyBytes} bytes.");
        }

        var uploadId = t.Get(UploadIdParameter);
        var partNumber = t.Get(PartNumberParameter);
        return method switch
        {
            _ when HttpMethods.IsPost(method) && t.Has("uploads") => RequestRecord.Run(context, "InitiateUpload", InitiateAsync(context, bucket, key)),
            _ when HttpMethods.IsPut(method) && (uploadId is not null || partNumber is not null) => RequestRecord.Run(context, "UploadPart", UploadPartAsync(context, bucket, key, uploadId, partNumber)),
            _ when HttpMethods.IsPost(method) && uploadId is not null => RequestRecord.Run(context, "CompleteUpload", CompleteAsync(context, bucket, key, uploadId)),
            _ when HttpMethods.IsDelete(method) && uploadId is not null => RequestRecord.Run(context, "AbortUpload", AbortAsync(context, bucket, key, uploadId)),
            _ when HttpMethods.IsGet(method) && uploadId is not null => RequestRecord.Run(context, "ListParts", ListPartsAsync(context, bucket, key, uploadId, t, accessKey)),
            _ when HttpMethods.IsPut(method) && operationParameters == 0 => RequestRecord.Run(context, "PutObject", PutObjectAsync(context, bucket, key)),
            _ when (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && operationParameters == 0 => RequestRecord.Run(context, HttpMethods.IsHead(method) ? "HeadObject" : "GetObject", GetObjectAsync(context, bucket, key)),
            _ when HttpMethods.IsDelete(method) && operationParameters == 0 => RequestRecord.Run(context, "DeleteObject", DeleteObjectAsync(context, bucket, key)),
            _ => throw new DialectException(WireError.NotImplemented, $"{method} on an object with these parameters is not implemented."),
        };
    }

    private async Task InitiateAsync(HttpContext context, string bucket, string key)
    {
        var upload = await frontend.Object(bucket, key).Initiate(ReadSettings(context.Request));
        await WriteInitiatedAsync(context, bucket, key, upload);
    }

    private async Task UploadPartAsync(HttpContext context, string bucket, string key, string? uploadId, string? partText)
    {
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw new DialectException(WireError.InvalidArgument, $"UploadPart needs both {PartNumberParameter} and {UploadIdParameter}.");
        }

        if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var wire) || wire < FirstPartNumber)
        {
            throw new DialectException(WireError.InvalidPartNumber, $"Part number must be an integer between {FirstPartNumber} and {LastPartNumber}, inclusive.");
        }

        if (wire > LastPartNumber)
        {
            throw new DialectException(WireError.TooManyParts, $"Part number must be an integer between {FirstPartNumber} and {LastPartNumber}, inclusive.");
        }

        var upload = await frontend.Upload(uploadId).Describe(bucket, key);
        using var pending = await ReceiveBodyAsync(context, gateway.MaxPartSize, upload.Settings.Encrypted);
        await frontend.UploadPartAsync(bucket, key, uploadId, wire - FirstPartNumber + 1, pending);
        context.Response.Headers.ETag = "\"" + pending.Blob.Md5Hex + "\"";
        context.Response.StatusCode = PartStoredStatus;
        context.Response.ContentLength = 0;
    }

    private async Task CompleteAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        var document = await ReadDocumentAsync(context);
        var parts = ParseComplete(document)
            .Select(p => p with { PartNumber = p.PartNumber - FirstPartNumber + 1 })
            .ToList();
        if (parts.Count == 0)
        {
            throw new DialectException(WireError.NoPartsListed, "You must specify at least one part");
        }

        var result = await frontend.Upload(uploadId).Complete(bucket, key, parts, CompletionRulesFor(context), WriteConditions.None);
        await WriteCompletedAsync(context, bucket, key, result);
    }

    private async Task AbortAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        await frontend.Upload(uploadId).Abort(bucket, key);
        context.Response.StatusCode = AbortedStatus;
        context.Response.ContentLength = 0;
    }

    private async Task ListPartsAsync(HttpContext context, string bucket, string key, string uploadId, RequestTarget t, string accessKey)
    {
        var upload = await frontend.Upload(uploadId).Describe(bucket, key);
        await ListPartsAsync(context, bucket, key, upload, t, accessKey);
    }

    private async Task CreateBucketAsync(HttpContext context, string bucket)
    {
        if (!BucketNames.IsValid(bucket))
        {
            throw new DialectException(WireError.InvalidBucketName, "The specified bucket name is not valid.");
        }

        await frontend.Bucket(bucket).Create(NewBucketRule);
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    private async Task DeleteBucketAsync(HttpContext context, string bucket)
    {
        await frontend.Bucket(bucket).Delete();
        context.Response.StatusCode = 204;
    }

    private async Task HeadBucketAsync(HttpContext context, string bucket)
    {
        _ = await frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist.");
        context.Response.StatusCode = 200;
    }

    private async Task PutObjectAsync(HttpContext context, string bucket, string key)
    {
        var settings = ReadSettings(context.Request);
        using var pending = await ReceiveBodyAsync(context, gateway.MaxObjectSize, settings.Encrypted);
        var manifest = await frontend.PutAsync(bucket, key, pending, settings, WriteConditions.None);
        context.Response.Headers.ETag = "\"" + manifest.ETag + "\"";
        context.Response.StatusCode = PartStoredStatus;
        context.Response.ContentLength = 0;
    }

    private async Task GetObjectAsync(HttpContext context, string bucket, string key)
    {
        var manifest = await frontend.Object(bucket, key).Get()
            ?? throw new DialectException(WireError.NoSuchKey, "The specified key does not exist.");
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentLength = manifest.Size;
        response.ContentType = manifest.Settings.ContentType ?? "application/octet-stream";
        response.Headers.ETag = "\"" + manifest.ETag + "\"";
        response.Headers.LastModified = manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
        if (HttpMethods.IsHead(context.Request.Method) || manifest.Size == 0)
        {
            return;
        }

        await response.StartAsync(context.RequestAborted);
        await frontend.CopyRangeAsync(manifest, 0, manifest.Size, response.Body, context.RequestAborted);
    }

    private async Task DeleteObjectAsync(HttpContext context, string bucket, string key)
    {
        _ = await frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist.");
        await frontend.Object(bucket, key).Delete();
        context.Response.StatusCode = 204;
    }

    /// <summary>Streams the body into a blob: Content-Length required, Content-MD5 checked.</summary>
    protected Task<PendingBlob> ReceiveBodyAsync(HttpContext context, long maxLength, bool encrypt)
    {
        var request = context.Request;
        var length = request.ContentLength ?? throw new DialectException(WireError.MissingContentLength, "You must provide the Content-Length HTTP header.");
        if (length > maxLength)
        {
            throw new DialectException(WireError.EntityTooLarge, "Your proposed upload exceeds the maximum allowed size.");
        }

        byte[]? md5 = null;
        var header = request.Headers["Content-MD5"].ToString();
        if (header.Length > 0)
        {
            md5 = new byte[16];
            if (!Convert.TryFromBase64String(header, md5, out var written) || written != 16)
            {
                throw new DialectException(WireError.InvalidDigest, "The Content-MD5 you specified is not valid.");
            }
        }

        return frontend.StoreAsync(request.Body, length, maxLength, md5, null, context.RequestAborted, encrypt);
    }

    /// <summary>Reads a request document (Complete) up to the configured cap.</summary>
    protected async Task<byte[]> ReadDocumentAsync(HttpContext context)
    {
        var max = gateway.MaxRequestDocumentBytes;
        if (context.Request.ContentLength > max)
        {
            throw new DialectException(WireError.DocumentTooLarge, "Your request was too big.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new DialectException(WireError.DocumentTooLarge, "Your request was too big.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    protected static async Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>Parses a JSON document; malformed JSON is MalformedDocument.</summary>
    protected static JsonElement ParseJson(byte[] document)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = 16 });
            return parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new DialectException(WireError.MalformedDocument, "The JSON you provided was not well-formed.");
        }
    }

    /// <summary>Parses a JSON part list such as {"Part":[{"PartNumber":1,"ETag":"..."}]} (the names vary by vendor; the ETag may be absent).</summary>
    protected static IReadOnlyList<CompletePart> ParseJsonPartList(byte[] document, string listName, string numberName, string etagName)
    {
        var root = ParseJson(document);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new DialectException(WireError.MalformedDocument, $"The body must be {{\"{listName}\":[{{\"{numberName}\":1,\"{etagName}\":\"...\"}}]}}.");
        }

        return list.EnumerateArray().Select(p =>
        {
            if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty(numberName, out var n) || n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var number))
            {
                throw new DialectException(WireError.MalformedDocument, $"Each entry of {listName} needs an integer {numberName}.");
            }

            var etag = p.TryGetProperty(etagName, out var e) && e.ValueKind != JsonValueKind.Null ? JsonString(e, etagName) : null;
            return new CompletePart(number, etag);
        }).ToList();
    }

    /// <summary>A JSON string's text; any other type, or a string that is not UTF-8, is MalformedDocument (System.Text.Json throws InvalidOperationException there).</summary>
    protected static string JsonString(JsonElement value, string name)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidOperationException();
        }
        catch (InvalidOperationException)
        {
            throw new DialectException(WireError.MalformedDocument, $"{name} must be a string.");
        }
    }

    /// <summary>Parses an XML document with <see cref="RequestXml"/> (no DTDs, depth and element count capped).</summary>
    protected XElement ParseXml(byte[] document)
    {
        try
        {
            return RequestXml.Load(new MemoryStream(document), XmlDocumentLimits.From(gateway), CancellationToken.None).Root ?? throw new XmlException("empty");
        }
        catch (XmlException)
        {
            throw new DialectException(WireError.MalformedDocument, "The XML you provided was not well-formed or did not validate against our published schema.");
        }
    }

    protected static int ParseLimit(string? value, int fallback, int max, string name)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, max)
            : throw new DialectException(WireError.InvalidArgument, $"{name} must be a non-negative integer.");
    }

    /// <summary>Checks a request time against the allowed skew.</summary>
    protected void CheckSkew(DateTimeOffset requestTime, TimeProvider time)
    {
        if ((time.GetUtcNow() - requestTime).Duration() > gateway.MaxClockSkew)
        {
            throw new DialectException(WireError.RequestTimeTooSkewed, "The difference between the request time and the current time is too large.");
        }
    }

    protected static bool TryParseHttpDate(string value, out DateTimeOffset when) => SignatureV2.TryParseDate(value, out when);

    protected static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Every user-reachable error in every dialect, as a table: the status and code each dialect's
/// document gives it (dialects.md, the seeds, s3-multipart-rules.md; where a vendor is silent, the
/// choice README.md documents), in the dialect's error document with its request-id header. A code
/// of null marks a cell no document names: there only the status and a well-formed error document
/// are asserted (the coordinator's report lists the codes served there). The last row is the catalogue's
/// fallback: what a dialect does not serve.
/// </summary>
public sealed class DialectErrorTableTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    public enum Provoked
    {
        UnknownUploadId,
        PartNumberAboveRange,
        PartNumberBelowRange,
        BadSignature,
        SkewedClock,
        MalformedComplete,
        MissingContentLength,
        InvalidBucketName,
        CompleteWithTooSmallPart,
        KeyTooLong,
        NoSuchBucket,
        NoSuchKey,

        /// <summary>A request the dialect does not serve: the catalogue's fallback row, 501.</summary>
        NotServed,
    }

    private static readonly IReadOnlyDictionary<string, string> RequestIdHeader = new Dictionary<string, string>
    {
        ["s3"] = "x-amz-request-id",
        ["cdcs"] = "x-cdcs-request-id",
        ["wos"] = "x-wos-request-id",
        ["qingstor"] = "x-qs-request-id",
        ["jss"] = "x-jss-request-id",
    };

    /// <summary>dialect -> error -> (status, code).</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<Provoked, (int Status, string? Code)>> Expected =
        new Dictionary<string, IReadOnlyDictionary<Provoked, (int, string?)>>
        {
            ["s3"] = new Dictionary<Provoked, (int, string?)>
            {
                [Provoked.UnknownUploadId] = (404, "NoSuchUpload"),
                [Provoked.PartNumberAboveRange] = (400, "InvalidArgument"),
                [Provoked.PartNumberBelowRange] = (400, "InvalidArgument"),
                [Provoked.BadSignature] = (403, "SignatureDoesNotMatch"),
                [Provoked.SkewedClock] = (403, "RequestTimeTooSkewed"),
                [Provoked.MalformedComplete] = (400, "MalformedXML"),
                [Provoked.MissingContentLength] = (411, "MissingContentLength"),
                [Provoked.InvalidBucketName] = (400, "InvalidBucketName"),
                [Provoked.CompleteWithTooSmallPart] = (400, "EntityTooSmall"),
                [Provoked.KeyTooLong] = (400, "KeyTooLongError"),
                [Provoked.NoSuchBucket] = (404, "NoSuchBucket"),
                [Provoked.NoSuchKey] = (404, "NoSuchKey"),
                [Provoked.NotServed] = (501, "NotImplemented"),
            },
            ["cdcs"] = new Dictionary<Provoked, (int, string?)>
            {
                [Provoked.UnknownUploadId] = (404, "NoSuchUpload"),
                [Provoked.PartNumberAboveRange] = (400, "InvalidArgument"),
                [Provoked.PartNumberBelowRange] = (400, "InvalidArgument"),
                [Provoked.BadSignature] = (403, "SignatureDoesNotMatch"),
                [Provoked.SkewedClock] = (403, "AccessDenied"), // README: an expired q-sign-time window
                [Provoked.MalformedComplete] = (400, "InvalidArgument"),
                [Provoked.MissingContentLength] = (411, "MissingContentLength"),
                [Provoked.InvalidBucketName] = (400, "InvalidCofferName"),
                [Provoked.CompleteWithTooSmallPart] = (400, "EntityTooSmall"),
                [Provoked.KeyTooLong] = (400, "InvalidObjectKey"),
                [Provoked.NoSuchBucket] = (404, "NoSuchCoffer"),
                [Provoked.NoSuchKey] = (404, "ObjectNotExists"),
                [Provoked.NotServed] = (501, "NotImplemented"),
            },
            ["wos"] = new Dictionary<Provoked, (int, string?)>
            {
                [Provoked.UnknownUploadId] = (404, "NoSuchUpload"),
                [Provoked.PartNumberAboveRange] = (400, "InvalidArgument"),
                [Provoked.PartNumberBelowRange] = (400, "InvalidArgument"),
                [Provoked.BadSignature] = (403, "SignatureDoesNotMatch"),
                [Provoked.SkewedClock] = (403, "RequestTimeTooSkewed"),
                [Provoked.MalformedComplete] = (400, "MalformedXML"),
                [Provoked.MissingContentLength] = (411, "MissingContentLength"),
                [Provoked.InvalidBucketName] = (400, "InvalidBucketName"),
                [Provoked.CompleteWithTooSmallPart] = (400, "EntityTooSmall"),
                [Provoked.KeyTooLong] = (400, "KeyTooLongError"),
                [Provoked.NoSuchBucket] = (404, "NoSuchBucket"),
                [Provoked.NoSuchKey] = (404, "NoSuchKey"),
                [Provoked.NotServed] = (501, "NotImplemented"),
            },
            ["qingstor"] = new Dictionary<Provoked, (int, string?)>
            {
                [Provoked.UnknownUploadId] = (404, "upload_not_exists"),
                [Provoked.PartNumberAboveRange] = (400, "invalid_argument"),
                [Provoked.PartNumberBelowRange] = (400, "invalid_argument"),
                [Provoked.BadSignature] = (401, "signature_not_matched"),
                [Provoked.SkewedClock] = (403, "request_expired"),
                [Provoked.MalformedComplete] = (400, "invalid_argument"),
                [Provoked.MissingContentLength] = (411, null), // served: length_required
                [Provoked.InvalidBucketName] = (400, null), // served: invalid_argument
                [Provoked.CompleteWithTooSmallPart] = (400, "entity_too_small"),
                [Provoked.KeyTooLong] = (400, "invalid_object_name"),
                [Provoked.NoSuchBucket] = (404, "bucket_not_exists"),
                [Provoked.NoSuchKey] = (404, "object_not_exists"),
                [Provoked.NotServed] = (501, "not_implemented"),
            },
            ["jss"] = new Dictionary<Provoked, (int, string?)>
            {
                [Provoked.UnknownUploadId] = (404, "NoSuchUpload"),
                [Provoked.PartNumberAboveRange] = (400, "TooManyParts"),
                [Provoked.PartNumberBelowRange] = (400, "InvalidArgument"),
                [Provoked.BadSignature] = (403, "SignatureDoesNotMatch"),
                [Provoked.SkewedClock] = (403, "RequestTimeTooSkewed"),
                [Provoked.MalformedComplete] = (400, "MalformedJson"),
                [Provoked.MissingContentLength] = (411, "MissingContentLength"),
                [Provoked.InvalidBucketName] = (400, "InvalidBucketName"), // undocumented: S3's code
                [Provoked.CompleteWithTooSmallPart] = (400, "EntityTooSmall"),
                [Provoked.KeyTooLong] = (400, "KeyTooLongError"), // undocumented: S3's code
                [Provoked.NoSuchBucket] = (404, "NoSuchBucket"),
                [Provoked.NoSuchKey] = (404, "NoSuchKey"),
                [Provoked.NotServed] = (501, "NotImplemented"),
            },
        };

    public static TheoryData<string, Provoked> Cases()
    {
        var data = new TheoryData<string, Provoked>();
        foreach (var (dialect, errors) in Expected)
        {
            foreach (var error in errors.Keys)
            {
                data.Add(dialect, error);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ErrorIsTheDialectsDocumentedStatusAndCode(string dialect, Provoked error)
    {
        var d = DialectUnderTest.All[dialect];
        var (bucket, client) = await d.NewBucketAsync(_host);
        var qingStor = dialect == "qingstor";
        var (uploadIdName, partNumberName, first) = qingStor ? ("upload_id", "part_number", 0) : ("uploadId", "partNumber", 1);

        async Task<string> InitiateAsync(string key)
        {
            var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/{key}", "uploads");
            Assert.True(init.Status == 200, $"{dialect} Initiate: {init.Status} {init.Text}");
            return dialect is "s3" or "wos"
                ? XDocument.Parse(init.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value
                : init.Json.EnumerateObject().Single(p => p.Name is "UploadId" or "upload_id").Value.GetString()!;
        }

        Task<Reply> PartAsync(string uploadId, int number, byte[] body) =>
            client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"{partNumberName}={number}&{uploadIdName}={uploadId}", body);

        byte[] CompleteBody(params (int Number, string ETag)[] parts) => dialect switch
        {
            "s3" or "wos" => Encoding.UTF8.GetBytes("<CompleteMultipartUpload>" + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>")) + "</CompleteMultipartUpload>"),
            "qingstor" => JsonSerializer.SerializeToUtf8Bytes(new { object_parts = parts.Select(p => new { part_number = p.Number, etag = p.ETag }) }),
            _ => JsonSerializer.SerializeToUtf8Bytes(new { Part = parts.Select(p => new { PartNumber = p.Number, p.ETag }) }),
        };

        Reply reply;
        switch (error)
        {
            case Provoked.UnknownUploadId:
                reply = await PartAsync("0123456789abcdef0123456789abcdef", first, [1]);
                break;
            case Provoked.PartNumberAboveRange:
                reply = await PartAsync(await InitiateAsync("k"), first + 10_000, [1]);
                break;
            case Provoked.PartNumberBelowRange:
                reply = await PartAsync(await InitiateAsync("k"), first - 1, [1]);
                break;
            case Provoked.BadSignature:
                client.SecretKey = "not-the-secret";
                reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
                break;
            case Provoked.SkewedClock:
                client.ClockOffset = TimeSpan.FromMinutes(-20);
                reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
                break;
            case Provoked.MalformedComplete:
                var open = await InitiateAsync("k");
                Assert.True((await PartAsync(open, first, [1])).Status is 200 or 201);
                reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"{uploadIdName}={open}", Encoding.UTF8.GetBytes(dialect is "s3" or "wos" ? "<CompleteMultipartUpload><Part>" : "{\"Part\":["));
                break;
            case Provoked.MissingContentLength:
                var chunkedUpload = await InitiateAsync("k");
                client.Chunked = true;
                reply = await PartAsync(chunkedUpload, first, [1, 2, 3]);
                break;
            case Provoked.InvalidBucketName:
                reply = await client.SendAsync(HttpMethod.Put, "/Bad_Bucket..Name" + d.BucketSuffix);
                break;
            case Provoked.CompleteWithTooSmallPart:
                var small = await InitiateAsync("k");
                var e1 = (await PartAsync(small, first, [1])).Header("etag")!;
                var e2 = (await PartAsync(small, first + 1, [2])).Header("etag")!;
                reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"{uploadIdName}={small}", CompleteBody((first, e1), (first + 1, e2)));
                break;
            case Provoked.KeyTooLong:
                reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/{new string('k', 1025)}", "uploads");
                break;
            case Provoked.NoSuchBucket:
                reply = await client.SendAsync(HttpMethod.Post, $"/{d.BucketPrefix}missing{Guid.NewGuid().ToString("N")[..8]}{d.BucketSuffix}/k", "uploads");
                break;
            case Provoked.NoSuchKey:
                reply = await client.SendAsync(HttpMethod.Get, $"/{bucket}/missing");
                break;
            case Provoked.NotServed:
                reply = await client.SendAsync(HttpMethod.Delete, $"/{bucket}/k", "website");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(error));
        }

        var (status, code) = Expected[dialect][error];
        if (code is null)
        {
            Assert.True(reply.Status == status && !string.IsNullOrEmpty(d.ErrorCode(reply)), $"{dialect} {error}: expected {status} with an error document, got {reply.Status}: {reply.Text}");
        }
        else
        {
            d.AssertError(reply, status, code);
        }

        AssertErrorDocument(dialect, reply);
    }

    /// <summary>The dialect's error document (dialects.md): its fields in order, and the request id the header carries.</summary>
    private static void AssertErrorDocument(string dialect, Reply reply)
    {
        var requestId = reply.Header(RequestIdHeader[dialect]);
        Assert.False(string.IsNullOrEmpty(requestId), $"{dialect}: {RequestIdHeader[dialect]} missing");
        if (dialect is "s3" or "wos")
        {
            var root = XDocument.Parse(reply.Text).Root!;
            Assert.Equal(XName.Get("Error"), root.Name); // no namespace, in both
            Assert.Equal(["Code", "Message"], root.Elements().Take(2).Select(e => e.Name.LocalName));
            Assert.Equal(requestId, root.Element("RequestId")?.Value);
            return;
        }

        var (fields, idField) = dialect switch
        {
            "cdcs" => (new[] { "Code", "Message", "Resource", "RequestId", "TraceId" }, "RequestId"),
            "qingstor" => (["code", "message", "request_id", "url"], "request_id"),
            _ => (["code", "message", "resource", "requestId"], "requestId"),
        };
        Assert.Equal(fields, reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(requestId, reply.Json.GetProperty(idField).GetString());
        if (dialect == "cdcs")
        {
            Assert.Equal(reply.Header("x-cdcs-trace-id"), reply.Json.GetProperty("TraceId").GetString());
        }
    }
}

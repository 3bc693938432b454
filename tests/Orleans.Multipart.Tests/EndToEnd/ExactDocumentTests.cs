using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Every multipart answer of every dialect against its documented example (the seeds and
/// shared/reference/dialects.md): status, element / property names and order, namespaces, literal
/// values, and the request-id header. Only values that vary by nature (upload ids, dates, owner ids,
/// request ids) are checked for their format; ETags are computed from the bytes sent and checked exactly.
/// Each dialect is addressed as its seed addresses it (path style for cdcs and wos, virtual host for
/// s3, qingstor and jss), and the seed's own request names the Initiate row.
/// </summary>
public sealed class ExactDocumentTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static readonly byte[] PartOne = Encoding.UTF8.GetBytes("the first part of a documented upload");
    private static readonly byte[] PartTwo = Encoding.UTF8.GetBytes("and its last part");

    private readonly ServiceHost _host = fixture.Host;

    public enum Operation
    {
        Initiate,
        UploadPart,
        ListParts,
        ListUploads,
        Complete,
        Abort,
        Error,
    }

    /// <summary>One dialect's documents; templates use {bucket}, {key}, {uploadId}, {etag1}, {etag2}, {size1}, {size2}, {multipartEtag} and the format placeholders of <see cref="DocumentAssert"/>.</summary>
    private sealed record Dialect(
        string Name,
        string RequestIdHeader,
        (string Bucket, string Key) Seed,
        Func<string> NewBucketName,
        bool VirtualHost,
        Func<ServiceHost, string, VendorClient> ObjectClient,
        string UploadIdParameter,
        string PartNumberParameter,
        int FirstPartNumber,
        Func<(int Number, string ETag)[], byte[]> CompleteBody,
        IReadOnlyDictionary<string, string> Headers,
        IReadOnlyDictionary<string, string> InitiateHeaders,
        bool Xml,
        bool Standalone,
        int PartStatus,
        int CompleteStatus,
        int AbortStatus,
        IReadOnlyDictionary<Operation, string> Documents)
    {
        public string ObjectPath(string bucket, string key) => VirtualHost ? "/" + key : $"/{bucket}/{key}";

        public string BucketPath(string bucket) => VirtualHost ? "/" : "/" + bucket;
    }

    private const string S3Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    private const string WosNs = "http://wcs.chinanetcenter.com/document";

    private static string Hex8() => Guid.NewGuid().ToString("N")[..8];

    private static byte[] XmlComplete((int Number, string ETag)[] parts) => Encoding.UTF8.GetBytes(
        "<CompleteMultipartUpload>" + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>")) + "</CompleteMultipartUpload>");

    private static byte[] JsonComplete((int Number, string ETag)[] parts) =>
        JsonSerializer.SerializeToUtf8Bytes(new { Part = parts.Select(p => new { PartNumber = p.Number, p.ETag }) });

    /// <summary>The S3-shaped XML documents (s3 in its namespace; wos serves the same shapes in its own, as dialects.md says).</summary>
    private static Dictionary<Operation, string> S3Shapes(string ns, string errorMessage) => new()
    {
        [Operation.Initiate] = $"<InitiateMultipartUploadResult xmlns=\"{ns}\"><Bucket>{{bucket}}</Bucket><Key>{{key}}</Key><UploadId>{{uploadId}}</UploadId></InitiateMultipartUploadResult>",
        [Operation.ListParts] = $"<ListPartsResult xmlns=\"{ns}\"><Bucket>{{bucket}}</Bucket><Key>{{key}}</Key><UploadId>{{uploadId}}</UploadId>"
            + "<Initiator><ID>{id}</ID><DisplayName>{id}</DisplayName></Initiator><Owner><ID>{id}</ID><DisplayName>{id}</DisplayName></Owner>"
            + "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
            + "<Part><PartNumber>1</PartNumber><LastModified>{iso8601}</LastModified><ETag>{etag1}</ETag><Size>{size1}</Size></Part>"
            + "<Part><PartNumber>2</PartNumber><LastModified>{iso8601}</LastModified><ETag>{etag2}</ETag><Size>{size2}</Size></Part></ListPartsResult>",
        [Operation.ListUploads] = $"<ListMultipartUploadsResult xmlns=\"{ns}\"><Bucket>{{bucket}}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>"
            + "<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker><Prefix>{key}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>"
            + "<Upload><Key>{key}</Key><UploadId>{uploadId}</UploadId><Initiator><ID>{id}</ID><DisplayName>{id}</DisplayName></Initiator>"
            + "<Owner><ID>{id}</ID><DisplayName>{id}</DisplayName></Owner><StorageClass>STANDARD</StorageClass><Initiated>{iso8601}</Initiated></Upload></ListMultipartUploadsResult>",
        [Operation.Complete] = $"<CompleteMultipartUploadResult xmlns=\"{ns}\"><Location>{{url}}</Location><Bucket>{{bucket}}</Bucket><Key>{{key}}</Key><ETag>{{multipartEtag}}</ETag></CompleteMultipartUploadResult>",
        [Operation.Error] = $"<Error><Code>NoSuchUpload</Code><Message>{errorMessage}</Message><Resource>{{resource}}</Resource><RequestId>{{requestId}}</RequestId></Error>",
    };

    private static readonly Dialect[] Dialects =
    [
        new("s3", "x-amz-request-id", ("example-bucket", "example-object"), () => "s3-" + Hex8(), VirtualHost: true,
            (h, bucket) => new S3RawClient(h, $"{bucket}.s3.localhost"), "uploadId", "partNumber", 1, XmlComplete,
            new Dictionary<string, string>(), new Dictionary<string, string>(), Xml: true, Standalone: false, 200, 200, 204,
            S3Shapes(S3Ns, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")),

        new("cdcs", "x-cdcs-request-id", ("examplecoffer-1250000000", "exampleobject"), () => $"coffer{Hex8()}-1250000000", VirtualHost: false,
            (h, _) => new CdcsClient(h), "uploadId", "partNumber", 1, JsonComplete,
            new Dictionary<string, string> { ["server"] = "tencent-cdcs" }, new Dictionary<string, string>(), Xml: false, Standalone: false, 200, 200, 204,
            new Dictionary<Operation, string>
            {
                [Operation.Initiate] = """{"Coffer":"{bucket}","Key":"{key}","UploadId":"{uploadId}"}""",
                [Operation.ListParts] = """
                    {"Coffer":"{bucket}","Key":"{key}","UploadId":"{uploadId}","Initiator":{"ID":"{id}","DisplayName":"{id}"},"Owner":{"ID":"{id}","DisplayName":"{id}"},
                     "PartNumberMarker":0,"IsTruncated":false,"NextPartNumberMarker":2,"MaxParts":1000,
                     "Part":[{"PartNumber":1,"LastModified":"{iso8601}","ETag":"{etag1}","Size":{size1}},{"PartNumber":2,"LastModified":"{iso8601}","ETag":"{etag2}","Size":{size2}}]}
                    """,
                [Operation.ListUploads] = """
                    {"Coffer":"{bucket}","EncodingType":"","UploadIdMarker":"","IsTruncated":false,"NextUploadIdMarker":"","Prefix":"{key}","MaxUploads":1000,
                     "Upload":[{"Key":"{key}","UploadId":"{uploadId}","Initiator":{"ID":"{id}","DisplayName":"{id}"},"Owner":{"ID":"{id}","DisplayName":"{id}"},"Initiated":"{iso8601}"}]}
                    """,
                [Operation.Complete] = """{"Locations":{"Location":["ap-guangzhou"]},"Coffer":"{bucket}","Key":"{key}","ETag":"{multipartEtag}"}""",
                [Operation.Error] = """{"Code":"NoSuchUpload","Message":"{text}","Resource":"{resource}","RequestId":"{requestId}","TraceId":"{traceId}"}""",
            }),

        new("wos", "x-wos-request-id", ("bucket01", "objectkey"), () => "wos-" + Hex8(), VirtualHost: false,
            (h, _) => new WosClient(h) { Prefix = "AWS" }, "uploadId", "partNumber", 1, XmlComplete,
            new Dictionary<string, string>(), new Dictionary<string, string>(), Xml: true, Standalone: true, 200, 200, 200,
            S3Shapes(WosNs, "{text}")),

        new("qingstor", "x-qs-request-id", ("mybucket", "large-object"), () => "qs-" + Hex8(), VirtualHost: true,
            (h, bucket) => new QingStorClient(h, $"{bucket}.pek3a.qingstor.test"), "upload_id", "part_number", 0,
            parts => JsonSerializer.SerializeToUtf8Bytes(new { object_parts = parts.Select(p => new { part_number = p.Number, etag = p.ETag }) }),
            new Dictionary<string, string> { ["server"] = "QingStor" }, new Dictionary<string, string>(), Xml: false, Standalone: false, 201, 201, 204,
            new Dictionary<Operation, string>
            {
                [Operation.Initiate] = """{"upload_id":"{uploadId}","bucket":"{bucket}","key":"{key}"}""",
                [Operation.ListParts] = """
                    {"count":2,"object_parts":[{"part_number":0,"size":{size1},"etag":"{etag1}","created":"{iso8601}"},{"part_number":1,"size":{size2},"etag":"{etag2}","created":"{iso8601}"}]}
                    """,
                [Operation.ListUploads] = """
                    {"name":"{bucket}","uploads":[{"key":"{key}","upload_id":"{uploadId}","created":"{iso8601}"}],"prefix":"{key}","delimiter":"","limit":200,
                     "marker":"","next_key_marker":"","next_upload_id_marker":"","has_more":false,"common_prefixes":[]}
                    """,
                [Operation.Error] = """{"code":"upload_not_exists","message":"{text}","request_id":"{requestId}","url":"{url}"}""",
            }),

        new("jss", "x-jss-request-id", ("oss-example", "multipart.data"), () => "jss-" + Hex8(), VirtualHost: true,
            (h, bucket) => new JssClient(h, $"{bucket}.s.jss.test"), "uploadId", "partNumber", 1, JsonComplete,
            new Dictionary<string, string>(), new Dictionary<string, string> { ["x-jss-storage-class"] = "STANDARD" }, Xml: false, Standalone: false, 200, 200, 204,
            new Dictionary<Operation, string>
            {
                [Operation.Initiate] = """{"Bucket":"{bucket}","Key":"{key}","UploadId":"{uploadId}"}""",
                [Operation.ListParts] = """
                    {"Bucket":"{bucket}","Key":"{key}","UploadId":"{uploadId}",
                     "Part":[{"PartNumber":1,"LastModified":"{rfc1123}","ETag":"{etag1}","Size":{size1}},{"PartNumber":2,"LastModified":"{rfc1123}","ETag":"{etag2}","Size":{size2}}],"StorageClass":"STANDARD"}
                    """,
                [Operation.ListUploads] = """
                    {"Bucket":"{bucket}","Prefix":"{key}","Upload":[{"Key":"{key}","UploadId":"{uploadId}","Initiated":"{rfc1123}","Enable-Encryption":false,"Summary":null,"StorageClass":"STANDARD"}]}
                    """,
                [Operation.Complete] = """{"Bucket":"{bucket}","Key":"{key}","ETag":"{multipartEtag}"}""",
                [Operation.Error] = """{"code":"NoSuchUpload","message":"{text}","resource":"{resource}","requestId":"{requestId}"}""",
            }),
    ];

    public static TheoryData<string, Operation> Cases()
    {
        var data = new TheoryData<string, Operation>();
        foreach (var dialect in Dialects)
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                data.Add(dialect.Name, operation);
            }
        }

        return data;
    }

    private static string Quoted(string hex) => "\"" + hex + "\"";

    private static string PartETag(byte[] part) => Quoted(Convert.ToHexStringLower(MD5.HashData(part)));

    /// <summary>The documented multipart ETag: hex(md5(the binary MD5s of the listed parts)) + "-" + their count.</summary>
    private static string MultipartETag(params byte[][] parts) =>
        Quoted(Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray())) + "-" + parts.Length);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnswerMatchesTheDocumentedExample(string name, Operation operation)
    {
        var d = Dialects.Single(x => x.Name == name);
        var (bucket, key) = operation == Operation.Initiate ? d.Seed : (d.NewBucketName(), d.Seed.Key);
        var create = await DialectUnderTest.All[name].CreateClient(_host).SendAsync(HttpMethod.Put, "/" + bucket);
        Assert.True(create.Status == 200, $"{name}: creating {bucket}: {create.Status} {create.Text}");
        var client = d.ObjectClient(_host, bucket);
        var path = d.ObjectPath(bucket, key);
        var values = new Dictionary<string, string>
        {
            ["bucket"] = bucket,
            ["key"] = key,
            ["etag1"] = PartETag(PartOne),
            ["etag2"] = PartETag(PartTwo),
            ["size1"] = PartOne.Length.ToString(CultureInfo.InvariantCulture),
            ["size2"] = PartTwo.Length.ToString(CultureInfo.InvariantCulture),
            ["multipartEtag"] = MultipartETag(PartOne),
            // The documents name no resource form for a virtual-host request: the path the client addressed.
            ["resource"] = d.VirtualHost ? "/" + key : $"/{bucket}/{key}",
        };

        var initiate = await client.SendAsync(HttpMethod.Post, path, "uploads", headers: new Dictionary<string, string>(d.InitiateHeaders));
        Assert.True(initiate.Status == 200, $"{name} Initiate: {initiate.Status} {initiate.Text}");
        if (operation == Operation.Initiate)
        {
            AssertDocument(d, initiate, 200, operation, values);
            return;
        }

        var uploadId = d.Xml
            ? XDocument.Parse(initiate.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value
            : initiate.Json.EnumerateObject().Single(p => p.Name is "UploadId" or "upload_id").Value.GetString()!;
        values["uploadId"] = uploadId;
        var upload = $"{d.UploadIdParameter}={uploadId}";

        var part = await client.SendAsync(HttpMethod.Put, path, $"{d.PartNumberParameter}={d.FirstPartNumber}&{upload}", PartOne);
        if (operation == Operation.UploadPart)
        {
            Assert.True(part.Status == d.PartStatus, $"{name} UploadPart: {part.Status} {part.Text}");
            Assert.Equal(PartETag(PartOne), part.Header("etag"));
            AssertHeaders(d, part);
            DocumentAssert.Empty(part, d.RequestIdHeader);
            return;
        }

        switch (operation)
        {
            case Operation.ListParts:
                Assert.Equal(d.PartStatus, (await client.SendAsync(HttpMethod.Put, path, $"{d.PartNumberParameter}={d.FirstPartNumber + 1}&{upload}", PartTwo)).Status);
                AssertDocument(d, await client.SendAsync(HttpMethod.Get, path, upload), 200, operation, values);
                break;
            case Operation.ListUploads:
                AssertDocument(d, await client.SendAsync(HttpMethod.Get, d.BucketPath(bucket), "uploads&prefix=" + Uri.EscapeDataString(key)), 200, operation, values);
                break;
            case Operation.Complete:
                var complete = await client.SendAsync(HttpMethod.Post, path, upload, d.CompleteBody([(d.FirstPartNumber, part.Header("etag")!)]));
                if (d.Documents.ContainsKey(Operation.Complete))
                {
                    AssertDocument(d, complete, d.CompleteStatus, operation, values);
                }
                else
                {
                    Assert.True(complete.Status == d.CompleteStatus, $"{name} Complete: {complete.Status} {complete.Text}");
                    AssertHeaders(d, complete);
                    DocumentAssert.Empty(complete, d.RequestIdHeader);
                }

                Assert.Equal(PartOne, (await client.SendAsync(HttpMethod.Get, path)).Body);
                break;
            case Operation.Abort:
                var abort = await client.SendAsync(HttpMethod.Delete, path, upload);
                Assert.True(abort.Status == d.AbortStatus, $"{name} Abort: {abort.Status} {abort.Text}");
                AssertHeaders(d, abort);
                DocumentAssert.Empty(abort, d.RequestIdHeader);
                if (d.AbortStatus == 200)
                {
                    Assert.Equal("0", abort.Header("content-length")); // wos: "200 with Content-Length 0"
                }

                break;
            case Operation.Error:
                Assert.True((await client.SendAsync(HttpMethod.Delete, path, upload)).Status is 200 or 204);
                AssertDocument(d, await client.SendAsync(HttpMethod.Get, path, upload), 404, operation, values);
                break;
        }
    }

    private static void AssertHeaders(Dialect d, Reply reply)
    {
        Assert.False(string.IsNullOrEmpty(reply.Header(d.RequestIdHeader)), $"{d.Name}: {d.RequestIdHeader} missing");
        foreach (var (header, value) in d.Headers)
        {
            Assert.Equal(value, reply.Header(header));
        }

        if (d.Name == "jss")
        {
            Assert.False(string.IsNullOrEmpty(reply.Header("x-trace")), "jss: X-Trace missing");
        }

        if (d.Name == "cdcs" && reply.Status >= 400)
        {
            Assert.False(string.IsNullOrEmpty(reply.Header("x-cdcs-trace-id")), "cdcs: x-cdcs-trace-id missing on an error");
        }
    }

    private static void AssertDocument(Dialect d, Reply reply, int status, Operation operation, IReadOnlyDictionary<string, string> values)
    {
        Assert.True(reply.Status == status, $"{d.Name} {operation}: expected {status}, got {reply.Status} {reply.Text}");
        AssertHeaders(d, reply);
        Assert.Equal(reply.Body.Length.ToString(CultureInfo.InvariantCulture), reply.Header("content-length"));
        var template = DocumentAssert.Fill(d.Documents[operation], values, json: !d.Xml);
        if (d.Xml)
        {
            DocumentAssert.Xml(template, reply, d.RequestIdHeader, d.Standalone);
        }
        else
        {
            DocumentAssert.Json(template, reply, d.RequestIdHeader);
        }
    }
}

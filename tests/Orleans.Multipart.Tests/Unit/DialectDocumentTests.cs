using System.Text;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Each dialect's renderer: every response shape as the exact document the vendor documents (element
/// and field names, order, quoting of ETags, time formats), for one upload of key k in bucket b.
/// </summary>
public sealed class DialectDocumentTests
{
    private const string Xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private const string WosXml = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>";
    private const string S3Ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private const string WosNs = "xmlns=\"http://wcs.chinanetcenter.com/document\"";
    private static readonly DateTimeOffset When = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static TheoryData<string, string, int, string> Documents() => new()
    {
        { "s3", "initiated", 200, $"{Xml}<InitiateMultipartUploadResult {S3Ns}><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>" },
        { "wos", "initiated", 200, $"{WosXml}<InitiateMultipartUploadResult {WosNs}><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>" },
        { "cdcs", "initiated", 200, "{\"Coffer\":\"b\",\"Key\":\"k\",\"UploadId\":\"u1\"}" },
        { "qingstor", "initiated", 200, "{\"upload_id\":\"u1\",\"bucket\":\"b\",\"key\":\"k\"}" },
        { "jss", "initiated", 200, "{\"Bucket\":\"b\",\"Key\":\"k\",\"UploadId\":\"u1\"}" },
        { "s3", "completed", 200, $"{Xml}<CompleteMultipartUploadResult {S3Ns}><Location>http://h/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>" },
        { "wos", "completed", 200, $"{WosXml}<CompleteMultipartUploadResult {WosNs}><Location>http://h/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>" },
        { "cdcs", "completed", 200, "{\"Locations\":{\"Location\":[\"ap-guangzhou\"]},\"Coffer\":\"b\",\"Key\":\"k\",\"ETag\":\"\\\"abc-2\\\"\"}" },
        { "qingstor", "completed", 201, "" },
        { "jss", "completed", 200, "{\"Bucket\":\"b\",\"Key\":\"k\",\"ETag\":\"\\\"abc-2\\\"\"}" },
        {
            "s3", "parts", 200, $"{Xml}<ListPartsResult {S3Ns}><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId>"
                + "<Initiator><ID>root</ID><DisplayName>root</DisplayName></Initiator><Owner><ID>root</ID><DisplayName>root</DisplayName></Owner>"
                + "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
                + "<Part><PartNumber>1</PartNumber><LastModified>2026-01-02T03:04:05.678Z</LastModified><ETag>\"e1\"</ETag><Size>5</Size></Part></ListPartsResult>"
        },
        {
            "wos", "parts", 200, $"{WosXml}<ListPartsResult {WosNs}><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId>"
                + "<Initiator><ID>root</ID><DisplayName>root</DisplayName></Initiator><Owner><ID>root</ID><DisplayName>root</DisplayName></Owner>"
                + "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
                + "<Part><PartNumber>1</PartNumber><LastModified>2026-01-02T03:04:05.678Z</LastModified><ETag>\"e1\"</ETag><Size>5</Size></Part></ListPartsResult>"
        },
        {
            "cdcs", "parts", 200, "{\"Coffer\":\"b\",\"Key\":\"k\",\"UploadId\":\"u1\",\"Initiator\":{\"ID\":\"qcs::cam::uin/root:uin/root\",\"DisplayName\":\"root\"},"
                + "\"Owner\":{\"ID\":\"qcs::cam::uin/root:uin/root\",\"DisplayName\":\"root\"},\"PartNumberMarker\":0,\"IsTruncated\":false,\"NextPartNumberMarker\":1,\"MaxParts\":1000,"
                + "\"Part\":[{\"PartNumber\":1,\"LastModified\":\"2026-01-02T03:04:05.678Z\",\"ETag\":\"\\\"e1\\\"\",\"Size\":5}]}"
        },
        { "qingstor", "parts", 200, "{\"count\":1,\"object_parts\":[{\"part_number\":0,\"size\":5,\"etag\":\"\\\"e1\\\"\",\"created\":\"2026-01-02T03:04:05Z\"}]}" },
        {
            "jss", "parts", 200, "{\"Bucket\":\"b\",\"Key\":\"k\",\"UploadId\":\"u1\",\"Part\":[{\"PartNumber\":1,\"LastModified\":\"Fri, 02 Jan 2026 03:04:05 GMT\",\"ETag\":\"\\\"e1\\\"\",\"Size\":5}],"
                + "\"StorageClass\":\"STANDARD\"}"
        },
        {
            "s3", "uploads", 200, $"{Xml}<ListMultipartUploadsResult {S3Ns}><Bucket>b</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><NextKeyMarker></NextKeyMarker>"
                + "<NextUploadIdMarker></NextUploadIdMarker><Prefix></Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>"
                + "<Upload><Key>k</Key><UploadId>u1</UploadId><Initiator><ID>alice</ID><DisplayName>alice</DisplayName></Initiator><Owner><ID>alice</ID><DisplayName>alice</DisplayName></Owner>"
                + "<StorageClass>STANDARD</StorageClass><Initiated>2026-01-02T03:04:05.678Z</Initiated></Upload><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListMultipartUploadsResult>"
        },
        {
            "cdcs", "uploads", 200, "{\"Coffer\":\"b\",\"EncodingType\":\"\",\"UploadIdMarker\":\"\",\"IsTruncated\":false,\"NextUploadIdMarker\":\"\",\"Prefix\":\"\",\"MaxUploads\":1000,"
                + "\"Upload\":[{\"Key\":\"k\",\"UploadId\":\"u1\",\"Initiator\":{\"ID\":\"qcs::cam::uin/alice:uin/alice\",\"DisplayName\":\"alice\"},\"Owner\":{\"ID\":\"qcs::cam::uin/alice:uin/alice\",\"DisplayName\":\"alice\"},"
                + "\"Initiated\":\"2026-01-02T03:04:05.678Z\"}]}"
        },
        {
            "qingstor", "uploads", 200, "{\"name\":\"b\",\"uploads\":[{\"key\":\"k\",\"upload_id\":\"u1\",\"created\":\"2026-01-02T03:04:05Z\"}],\"prefix\":\"\",\"delimiter\":\"\",\"limit\":1000,"
                + "\"marker\":\"\",\"next_key_marker\":\"\",\"next_upload_id_marker\":\"\",\"has_more\":false,\"common_prefixes\":[\"p/\"]}"
        },
        {
            "jss", "uploads", 200, "{\"Bucket\":\"b\",\"Prefix\":\"\",\"Upload\":[{\"Key\":\"k\",\"UploadId\":\"u1\",\"Initiated\":\"Fri, 02 Jan 2026 03:04:05 GMT\",\"Enable-Encryption\":true,"
                + "\"Summary\":null,\"StorageClass\":\"STANDARD\"}]}"
        },
        {
            "qingstor", "acl", 200, "{\"owner\":{\"id\":\"acct1\",\"name\":\"acct1\"},\"acl\":[{\"grantee\":{\"type\":\"user\",\"id\":\"acct1\",\"name\":\"acct1\"},\"permission\":\"FULL_CONTROL\"},"
                + "{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"WRITE\"}]}"
        },
    };

    public static TheoryData<string, int, string> ErrorDocuments() => new()
    {
        { "s3", 404, $"{Xml}<Error><Code>NoSuchKey</Code><Message>m</Message><Resource>/b/k</Resource><RequestId>RID</RequestId></Error>" },
        { "wos", 404, $"{WosXml}<Error><Code>NoSuchKey</Code><Message>m</Message><Resource>/b/k</Resource><RequestId>RID</RequestId></Error>" },
        { "cdcs", 404, "{\"Code\":\"ObjectNotExists\",\"Message\":\"m\",\"Resource\":\"/b/k\",\"RequestId\":\"RID\",\"TraceId\":\"" },
        { "qingstor", 404, "{\"code\":\"object_not_exists\",\"message\":\"m\",\"request_id\":\"RID\",\"url\":\"https://docs.qingcloud.com/qingstor/api/common/error_code.html#object_not_exists\"}" },
        { "jss", 404, "{\"code\":\"NoSuchKey\",\"message\":\"m\",\"resource\":\"/b/k\",\"requestId\":\"RID\"}" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ResultsRenderAsTheVendorsDocument(string dialect, string shape, int status, string document)
    {
        var context = DialectFixtures.Request("GET", "/b/k");
        await DialectFixtures.Dialect(dialect).RenderAsync(context, new Caller("AK", new Principal("test", "AK")), Result(shape));
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(document, DialectFixtures.Body(context));
        Assert.Equal(document.Length == 0 ? 0 : Encoding.UTF8.GetByteCount(document), context.Response.ContentLength);
    }

    [Theory]
    [MemberData(nameof(ErrorDocuments))]
    public async Task ErrorsRenderAsTheVendorsErrorDocument(string dialect, int status, string documentStart)
    {
        var context = DialectFixtures.Request("GET", "/b/k");
        var dialectUnderTest = DialectFixtures.Dialect(dialect);
        var (wireStatus, code) = ErrorCatalogue.Describe(dialectUnderTest.Name, MultipartError.NoSuchKey);
        await dialectUnderTest.WriteErrorAsync(context, new ErrorDocument(wireStatus, code, "m", "/b/k", "RID", new Dictionary<string, string>()));
        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith(documentStart, DialectFixtures.Body(context), StringComparison.Ordinal);
    }

    private static OperationResult Result(string shape)
    {
        var upload = new UploadInfo("u1", "b", "k", When, new ObjectSettings(), UploadState.Open);
        return shape switch
        {
            "initiated" => new UploadInitiated(new InitiateUpload("b", "k", new ObjectSettings()), upload),
            "completed" => new UploadCompleted(new CompleteUpload("b", "k", "u1", [], new CompletionRules(1), WriteConditions.None), new CompleteResult("b", "k", "abc-2", 10, 2)),
            "parts" => new PartsListed(new ListParts("b", "k", "u1", 0, 1000), upload, new PartPage([new PartInfo(1, 5, "e1", "blob", When)], false, 1)),
            "uploads" => new UploadsListed(
                new ListUploads("b", new UploadListingRequest()),
                // An upload's Initiator and Owner are its initiating account (alice), not the caller listing it; one
                // initiated before accounts (no owner, as the "parts" upload) is root's.
                new UploadListing([new UploadSummary("k", "u1", When, null, true, Owner: "alice")], ["p/"], false, null, null)),
            "acl" => new AclDescribed(new GetBucketAcl("b"), new AccessControlList("acct1", [new Grant(Grantee.Account("acct1"), AclPermission.FullControl), new Grant(Grantee.AllUsers, AclPermission.Write)]), new Dictionary<string, string>()),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }
}

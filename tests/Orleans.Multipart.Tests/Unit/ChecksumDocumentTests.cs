using System.Text;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The s3 documents that carry flexible checksums, exactly: Complete's result, ListParts, GetObjectAttributes.</summary>
public sealed class ChecksumDocumentTests
{
    private const string Xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private const string S3Ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private static readonly DateTimeOffset When = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly ChecksumValue Part1 = new(FlexibleChecksumAlgorithm.Sha256, Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly ChecksumValue Part2 = new(FlexibleChecksumAlgorithm.Sha256, Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly ObjectChecksum Composite = new(FlexibleChecksumAlgorithm.Sha256, ChecksumCombination.Composite, Enumerable.Repeat((byte)3, 32).ToArray(), 2);
    private static readonly string B1 = Convert.ToBase64String(Part1.Value);
    private static readonly string B2 = Convert.ToBase64String(Part2.Value);
    private static readonly string B3 = Convert.ToBase64String(Composite.Value);

    private static ObjectManifest Manifest() => new(
        "b", "k", "abc-2", 15, When, new ObjectSettings(), 2,
        [new PartInfo(1, 10, "e1", "x", When, Part1), new PartInfo(2, 5, "e2", "y", When, Part2)],
        Composite);

    private static async Task<string> RenderAsync(OperationResult result)
    {
        var context = DialectFixtures.Request("GET", "/b/k");
        await DialectFixtures.Dialect("s3").RenderAsync(context, new Caller("AK", new Principal("test", "AK")), result);
        Assert.Equal(200, context.Response.StatusCode);
        var body = DialectFixtures.Body(context);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), context.Response.ContentLength);
        return body;
    }

    [Fact]
    public async Task CompleteNamesTheCompositeChecksumWithItsPartCountAndType()
    {
        var result = new UploadCompleted(new CompleteUpload("b", "k", "u1", [], new CompletionRules(1), WriteConditions.None), new CompleteResult("b", "k", "abc-2", 15, 2, Composite));
        Assert.Equal(
            $"{Xml}<CompleteMultipartUploadResult {S3Ns}><Location>http://h/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"abc-2\"</ETag>"
            + $"<ChecksumSHA256>{B3}-2</ChecksumSHA256><ChecksumType>COMPOSITE</ChecksumType></CompleteMultipartUploadResult>",
            await RenderAsync(result));
    }

    [Fact]
    public async Task ListPartsNamesEachPartsChecksumAndTheUploadsAlgorithm()
    {
        var settings = new ObjectSettings { ChecksumAlgorithm = FlexibleChecksumAlgorithm.Sha256, ChecksumType = ChecksumCombination.Composite };
        var upload = new UploadInfo("u1", "b", "k", When, settings, UploadState.Open);
        var body = await RenderAsync(new PartsListed(new ListParts("b", "k", "u1", 0, 1000), upload, new PartPage([new PartInfo(1, 5, "e1", "blob", When, Part1)], false, 1)));
        Assert.EndsWith(
            $"<Part><PartNumber>1</PartNumber><LastModified>2026-01-02T03:04:05.678Z</LastModified><ETag>\"e1\"</ETag><Size>5</Size><ChecksumSHA256>{B1}</ChecksumSHA256></Part>"
            + "<ChecksumAlgorithm>SHA256</ChecksumAlgorithm><ChecksumType>COMPOSITE</ChecksumType></ListPartsResult>",
            body);
    }

    [Fact]
    public async Task GetObjectAttributesAnswersTheDocumentedShape()
    {
        var operation = new GetObjectAttributes("b", "k", new HashSet<string> { "ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize" }, 1, 0);
        Assert.Equal(
            $"{Xml}<GetObjectAttributesResponse {S3Ns}><ETag>abc-2</ETag><Checksum><ChecksumSHA256>{B3}</ChecksumSHA256><ChecksumType>COMPOSITE</ChecksumType></Checksum>"
            + "<ObjectParts><PartsCount>2</PartsCount><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1</MaxParts><IsTruncated>true</IsTruncated>"
            + $"<Part><PartNumber>1</PartNumber><Size>10</Size><ChecksumSHA256>{B1}</ChecksumSHA256></Part></ObjectParts>"
            + "<StorageClass>STANDARD</StorageClass><ObjectSize>15</ObjectSize></GetObjectAttributesResponse>",
            await RenderAsync(new ObjectAttributesRead(operation, Manifest())));

        var second = new GetObjectAttributes("b", "k", new HashSet<string> { "ObjectParts" }, 1, 1);
        Assert.Equal(
            $"{Xml}<GetObjectAttributesResponse {S3Ns}><ObjectParts><PartsCount>2</PartsCount><PartNumberMarker>1</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker>"
            + $"<MaxParts>1</MaxParts><IsTruncated>false</IsTruncated><Part><PartNumber>2</PartNumber><Size>5</Size><ChecksumSHA256>{B2}</ChecksumSHA256></Part></ObjectParts></GetObjectAttributesResponse>",
            await RenderAsync(new ObjectAttributesRead(second, Manifest())));
    }
}

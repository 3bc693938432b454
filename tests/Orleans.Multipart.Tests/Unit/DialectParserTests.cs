using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Each dialect's parser: a request line becomes the operation the vendor documents for it, in the service's terms.</summary>
public sealed class DialectParserTests
{
    [Theory]
    [InlineData("s3", "GET", "/", "ListBuckets")]
    [InlineData("s3", "PUT", "/b", "CreateBucket")]
    [InlineData("s3", "HEAD", "/b", "HeadBucket")]
    [InlineData("s3", "GET", "/b", "ListObjects")]
    [InlineData("s3", "GET", "/b?list-type=2", "ListObjectsV2")]
    [InlineData("s3", "GET", "/b?versions", "ListObjectVersions")]
    [InlineData("s3", "GET", "/b?location", "GetBucketLocation")]
    [InlineData("s3", "GET", "/b?versioning", "GetBucketVersioning")]
    [InlineData("s3", "GET", "/b?uploads", "ListUploads")]
    [InlineData("s3", "POST", "/b/k?uploads", "InitiateUpload")]
    [InlineData("s3", "PUT", "/b/k?partNumber=1&uploadId=u", "UploadPart")]
    [InlineData("s3", "GET", "/b/k?uploadId=u", "ListParts")]
    [InlineData("s3", "DELETE", "/b/k?uploadId=u", "AbortUpload")]
    [InlineData("s3", "PUT", "/b/k", "PutObject")]
    [InlineData("s3", "GET", "/b/k", "GetObject")]
    [InlineData("s3", "HEAD", "/b/k", "HeadObject")]
    [InlineData("s3", "DELETE", "/b/k", "DeleteObject")]
    [InlineData("cdcs", "PUT", "/b", "CreateBucket")]
    [InlineData("cdcs", "GET", "/b?uploads", "ListUploads")]
    [InlineData("cdcs", "PUT", "/b/k?partNumber=1&uploadId=u", "UploadPart")]
    [InlineData("wos", "DELETE", "/b/k?uploadId=u", "AbortUpload")]
    [InlineData("wos", "GET", "/b/k?Expires=1&Signature=s&WOSAccessKeyId=a", "GetObject")]
    [InlineData("qingstor", "GET", "/b?acl", "GetBucketAcl")]
    [InlineData("s3", "GET", "/b?acl", "GetBucketAcl")]
    [InlineData("s3", "GET", "/b/k?acl", "GetObjectAcl")]
    [InlineData("s3", "GET", "/b?policy", "GetBucketPolicy")]
    [InlineData("s3", "DELETE", "/b?policy", "DeleteBucketPolicy")]
    [InlineData("s3", "GET", "/b?policyStatus", "GetBucketPolicyStatus")]
    [InlineData("s3", "GET", "/b/k?tagging", "GetObjectTagging")]
    [InlineData("s3", "DELETE", "/b/k?tagging", "DeleteObjectTagging")]
    [InlineData("s3", "GET", "/b?tagging", "GetBucketTagging")]
    [InlineData("s3", "DELETE", "/b?tagging", "DeleteBucketTagging")]
    [InlineData("qingstor", "PUT", "/b/k?part_number=0&upload_id=u", "UploadPart")]
    [InlineData("qingstor", "GET", "/b/k?upload_id=u", "ListParts")]
    [InlineData("qingstor", "DELETE", "/b", "DeleteBucket")]
    [InlineData("jss", "POST", "/b/k?uploads", "InitiateUpload")]
    [InlineData("jss", "HEAD", "/b/k", "HeadObject")]
    public async Task RequestsParseIntoTheirOperation(string dialect, string method, string target, string operation) =>
        Assert.Equal(operation, (await DialectFixtures.ParseAsync(dialect, method, target)).Name);

    [Theory]
    [InlineData("s3", "PUT", "/b/k?retention")]
    [InlineData("s3", "POST", "/b")]
    [InlineData("cdcs", "GET", "/b?acl")]
    [InlineData("jss", "PUT", "/b?tagging")]
    public async Task UnservedShapesAreNotImplemented(string dialect, string method, string target)
    {
        var ex = await Assert.ThrowsAsync<DialectException>(() => DialectFixtures.ParseAsync(dialect, method, target));
        Assert.Equal(MultipartError.NotImplemented, ex.Error);
    }

    /// <summary>Wire part numbers in the service's numbering (QingStor counts from 0), and the limits step's refusals per vendor.</summary>
    [Theory]
    [InlineData("s3", "/b/k?partNumber=1&uploadId=u", 1, null)]
    [InlineData("s3", "/b/k?partNumber=0&uploadId=u", 0, MultipartError.InvalidArgument)]
    [InlineData("s3", "/b/k?partNumber=10001&uploadId=u", 10001, MultipartError.InvalidArgument)]
    [InlineData("qingstor", "/b/k?part_number=0&upload_id=u", 1, null)]
    [InlineData("qingstor", "/b/k?part_number=9999&upload_id=u", 10000, null)]
    [InlineData("qingstor", "/b/k?part_number=10000&upload_id=u", 10001, MultipartError.TooManyParts)]
    [InlineData("cdcs", "/b/k?partNumber=x&uploadId=u", 0, MultipartError.InvalidPartNumber)]
    [InlineData("jss", "/b/k?partNumber=99999999999&uploadId=u", 10001, MultipartError.TooManyParts)]
    public async Task PartNumbersAreCheckedInTheServiceNumbering(string dialect, string target, int servicePart, MultipartError? refused)
    {
        var part = Assert.IsType<UploadPart>(await DialectFixtures.ParseAsync(dialect, "PUT", target));
        Assert.Equal(servicePart, part.PartNumber);
        var ex = Record.Exception(() => OperationLimits.Check(part, DialectFixtures.Dialect(dialect).Limits));
        Assert.Equal(refused, (ex as DialectException)?.Error);
    }

    [Theory]
    [InlineData("cdcs", "{\"Part\":[{\"PartNumber\":1,\"ETag\":\"e1\"},{\"PartNumber\":2}]}", 1)]
    [InlineData("jss", "{\"Part\":[{\"PartNumber\":1,\"ETag\":\"e1\"},{\"PartNumber\":2}]}", 1)]
    [InlineData("wos", "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e1</ETag></Part><Part><PartNumber>2</PartNumber><ETag>e2</ETag></Part></CompleteMultipartUpload>", 1)]
    [InlineData("s3", "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part><PartNumber>1</PartNumber><ETag>e1</ETag></Part><Part><PartNumber>2</PartNumber><ETag>e2</ETag></Part></CompleteMultipartUpload>", 1)]
    [InlineData("qingstor", "{\"object_parts\":[{\"part_number\":0,\"etag\":\"e1\"},{\"part_number\":1}]}", 1)]
    public async Task CompleteDocumentsListThePartsInServiceNumbering(string dialect, string document, int first)
    {
        var uploadId = dialect == "qingstor" ? "upload_id" : "uploadId";
        var complete = Assert.IsType<CompleteUpload>(await DialectFixtures.ParseAsync(dialect, "POST", $"/b/k?{uploadId}=u", document));
        Assert.Equal([first, first + 1], complete.Parts.Select(p => p.PartNumber));
        Assert.Equal("e1", complete.Parts[0].ETag);
    }

    [Theory]
    [InlineData("s3", "<CompleteMultipartUpload><Part>")]
    [InlineData("wos", "")]
    [InlineData("cdcs", "{\"Part\":")]
    [InlineData("qingstor", "[1,2]")]
    [InlineData("jss", "{\"Part\":[{\"PartNumber\":\"1\"}]}")]
    public async Task MalformedCompleteDocumentsAreMalformedDocument(string dialect, string document)
    {
        var uploadId = dialect == "qingstor" ? "upload_id" : "uploadId";
        var ex = await Assert.ThrowsAsync<DialectException>(() => DialectFixtures.ParseAsync(dialect, "POST", $"/b/k?{uploadId}=u", document));
        Assert.Equal(MultipartError.MalformedDocument, ex.Error);
    }
}

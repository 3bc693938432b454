using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>DeleteObjects reads each Key exactly: whitespace-only and padded keys are deleted, not turned into "".</summary>
public sealed class DeleteObjectsKeyTextTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData(" lead")]
    [InlineData("trail ")]
    public async Task KeyIsDeletedAsWritten(string key)
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "x" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "other", ContentBody = "y" });

        var result = await S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = key }] });
        Assert.Equal([key], result.DeletedObjects.Select(d => d.Key));
        var left = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["other"], left.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task PrettyPrintedDocumentStillParses()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var document = "<?xml version=\"1.0\"?>\n<Delete>\n  <Quiet>false</Quiet>\n  <Object>\n    <Key>k</Key>\n  </Object>\n</Delete>\n";
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}?delete", System.Text.Encoding.UTF8.GetBytes(document),
            customize: r => r.Content!.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(document)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("<Key>k</Key>", body);
        Assert.Empty((await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }
}

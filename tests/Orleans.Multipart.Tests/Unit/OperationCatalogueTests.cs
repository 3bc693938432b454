using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The operation catalogue: every operation a dialect can parse has one row, naming the IAM action access control checks.</summary>
public sealed class OperationCatalogueTests
{
    public static TheoryData<string> OperationTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(Operation).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Operation)) && !t.IsAbstract))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OperationTypes))]
    public void EveryOperationHasOneRowWithAnS3Action(string typeName)
    {
        var row = Assert.Single(OperationCatalogue.All, r => r.Type.FullName == typeName);
        Assert.Matches("^s3:[A-Z][A-Za-z]+$", row.Action);
    }

    [Theory]
    [InlineData("s3", "PUT", "/b/k?partNumber=1&uploadId=u", "s3:PutObject")]
    [InlineData("s3", "GET", "/b/k?uploadId=u", "s3:ListMultipartUploadParts")]
    [InlineData("s3", "DELETE", "/b/k?uploadId=u", "s3:AbortMultipartUpload")]
    [InlineData("s3", "GET", "/b?location", "s3:GetBucketLocation")]
    [InlineData("s3", "GET", "/b?uploads", "s3:ListBucketMultipartUploads")]
    [InlineData("s3", "HEAD", "/b/k", "s3:GetObject")]
    [InlineData("s3", "DELETE", "/b?cors", "s3:PutBucketCORS")]
    [InlineData("qingstor", "PUT", "/b?acl", "s3:PutBucketAcl")]
    [InlineData("jss", "POST", "/b/k?uploads", "s3:PutObject")]
    [InlineData("cdcs", "GET", "/b?uploads", "s3:ListBucketMultipartUploads")]
    [InlineData("wos", "GET", "/b/k", "s3:GetObject")]
    public async Task EachDialectsRequestNamesItsOperationsAction(string dialect, string method, string target, string action)
    {
        var body = dialect == "qingstor" && method == "PUT" ? """{"acl":[{"grantee":{"type":"user","id":"owner"},"permission":"FULL_CONTROL"}]}""" : null;
        var operation = await DialectFixtures.ParseAsync(dialect, method, target, body);
        Assert.Equal(action, OperationCatalogue.Of(operation).Action);
    }
}

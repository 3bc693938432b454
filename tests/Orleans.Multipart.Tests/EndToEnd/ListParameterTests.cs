using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Every paging parameter of every dialect's listings (ListParts, ListMultipartUploads, and s3's
/// ListObjects) that is not a number is the dialect's 400 InvalidArgument, never a listing, including
/// where the dialect lists everything in one answer and the parameter would change nothing (jss).
/// </summary>
public sealed class ListParameterTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    public enum Listing
    {
        Parts,
        Uploads,
        Objects,
    }

    public static TheoryData<string, Listing, string> Parameters() => new()
    {
        { "s3", Listing.Parts, "max-parts" },
        { "s3", Listing.Parts, "part-number-marker" },
        { "s3", Listing.Uploads, "max-uploads" },
        { "s3", Listing.Objects, "max-keys" },
        { "cdcs", Listing.Parts, "max-parts" },
        { "cdcs", Listing.Parts, "part-number-marker" },
        { "cdcs", Listing.Uploads, "max-uploads" },
        { "wos", Listing.Parts, "max-parts" },
        { "wos", Listing.Parts, "part-number-marker" },
        { "wos", Listing.Uploads, "max-uploads" },
        { "qingstor", Listing.Parts, "limit" },
        { "qingstor", Listing.Parts, "part_number_marker" },
        { "qingstor", Listing.Uploads, "limit" },
        { "jss", Listing.Parts, "max-parts" },
        { "jss", Listing.Parts, "part-number-marker" },
        { "jss", Listing.Uploads, "max-uploads" },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public async Task ANonNumericPagingParameterIsInvalidArgument(string name, Listing listing, string parameter)
    {
        var dialect = DialectUnderTest.All[name];
        var (bucket, client) = await dialect.NewBucketAsync(_host);
        var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
        Assert.True(init.Status == 200, $"{name}: initiate answered {init.Status} {init.Text}");
        var uploadId = name is "s3" or "wos"
            ? XDocument.Parse(init.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value
            : init.Json.EnumerateObject().Single(p => p.Name is "UploadId" or "upload_id").Value.GetString()!;

        var (path, query) = listing switch
        {
            Listing.Parts => ($"/{bucket}/k", $"{(name == "qingstor" ? "upload_id" : "uploadId")}={uploadId}&{parameter}=abc"),
            Listing.Uploads => ($"/{bucket}", $"uploads&{parameter}=abc"),
            _ => ($"/{bucket}", $"{parameter}=abc"),
        };
        var reply = await client.SendAsync(HttpMethod.Get, path, query);
        dialect.AssertError(reply, 400, name == "qingstor" ? "invalid_argument" : "InvalidArgument");
    }
}

using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// In an exclusive bucket a key is write-once, in every dialect: a PutObject (or CopyObject) onto a key
/// that has an object or an open upload is the dialect's 409 ObjectAlreadyExists and leaves the object as
/// it was; DeleteObject (or Abort, for an upload) frees the key.
/// </summary>
public sealed class ExclusiveKeyWriteOnceTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    /// <summary>The dialect's code for a write over an existing object, and over an open upload.</summary>
    private static readonly Dictionary<string, (string OverObject, string OverUpload)> Codes = new()
    {
        ["s3"] = ("ObjectAlreadyExists", "ObjectAlreadyExists"),
        ["cdcs"] = ("ObjectAlreadyExistsOwnedByYou", "ObjectAlreadyExists"),
        ["wos"] = ("ObjectAlreadyExists", "ObjectAlreadyExists"),
        ["qingstor"] = ("object_already_exists", "object_already_exists"),
        ["jss"] = ("ObjectAlreadyExists", "ObjectAlreadyExists"),
    };

    /// <summary>An exclusive bucket for the dialect (cdcs coffers are exclusive by default; the other dialects' buckets are made so through the grain, as an internal service would).</summary>
    private async Task<(string Bucket, VendorClient Client)> ExclusiveBucketAsync(DialectUnderTest dialect)
    {
        if (dialect.Name == "cdcs")
        {
            return await dialect.NewBucketAsync(_host);
        }

        var name = dialect.BucketPrefix + Guid.NewGuid().ToString("N")[..8] + dialect.BucketSuffix;
        await _host.Get<IGrainFactory>().GetGrain<IBucketGrain>(name).Create(BucketRule.Exclusive);
        return (name, dialect.CreateClient(_host));
    }

    private static bool Stored(Reply reply) => reply.Status is 200 or 201;

    [Theory]
    [MemberData(nameof(DialectUnderTest.Names), MemberType = typeof(DialectUnderTest))]
    public async Task PutOverAnExistingObjectIsRefusedUntilTheObjectIsDeleted(string name)
    {
        var dialect = DialectUnderTest.All[name];
        var (bucket, client) = await ExclusiveBucketAsync(dialect);
        var path = $"/{bucket}/report.csv";

        var first = await client.SendAsync(HttpMethod.Put, path, body: "first"u8.ToArray());
        Assert.True(Stored(first), $"{name}: first PUT answered {first.Status} {first.Text}");

        dialect.AssertError(await client.SendAsync(HttpMethod.Put, path, body: "second"u8.ToArray()), 409, Codes[name].OverObject);
        Assert.Equal("first", Encoding.UTF8.GetString((await client.SendAsync(HttpMethod.Get, path)).Body));

        var deleted = await client.SendAsync(HttpMethod.Delete, path);
        Assert.True(deleted.Status is 200 or 204, $"{name}: DELETE answered {deleted.Status} {deleted.Text}");
        var again = await client.SendAsync(HttpMethod.Put, path, body: "second"u8.ToArray());
        Assert.True(Stored(again), $"{name}: PUT after DELETE answered {again.Status} {again.Text}");
        Assert.Equal("second", Encoding.UTF8.GetString((await client.SendAsync(HttpMethod.Get, path)).Body));
    }

    [Theory]
    [MemberData(nameof(DialectUnderTest.Names), MemberType = typeof(DialectUnderTest))]
    public async Task PutOverAnOpenUploadIsRefused(string name)
    {
        var dialect = DialectUnderTest.All[name];
        var (bucket, client) = await ExclusiveBucketAsync(dialect);
        var path = $"/{bucket}/draft";

        var initiate = await client.SendAsync(HttpMethod.Post, path, "uploads");
        Assert.True(initiate.Status == 200, $"{name}: initiate answered {initiate.Status} {initiate.Text}");
        dialect.AssertError(await client.SendAsync(HttpMethod.Put, path, body: "racing"u8.ToArray()), 409, Codes[name].OverUpload);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Head, path)).Status);
    }

    [Fact]
    public async Task S3CopyObjectOntoAnExistingObjectIsRefused()
    {
        var dialect = DialectUnderTest.All["s3"];
        var (bucket, client) = await ExclusiveBucketAsync(dialect);
        Assert.True(Stored(await client.SendAsync(HttpMethod.Put, $"/{bucket}/source", body: "source"u8.ToArray())));
        Assert.True(Stored(await client.SendAsync(HttpMethod.Put, $"/{bucket}/target", body: "target"u8.ToArray())));

        var copy = new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{bucket}/source" };
        dialect.AssertError(await client.SendAsync(HttpMethod.Put, $"/{bucket}/target", headers: copy), 409, "ObjectAlreadyExists");
        Assert.Equal("target", Encoding.UTF8.GetString((await client.SendAsync(HttpMethod.Get, $"/{bucket}/target")).Body));

        // A free key takes the copy; the copy then holds the key like any object.
        var copied = await client.SendAsync(HttpMethod.Put, $"/{bucket}/fresh", headers: copy);
        Assert.True(copied.Status == 200, $"copy onto a free key answered {copied.Status} {copied.Text}");
        dialect.AssertError(await client.SendAsync(HttpMethod.Put, $"/{bucket}/fresh", headers: copy), 409, "ObjectAlreadyExists");
    }
}

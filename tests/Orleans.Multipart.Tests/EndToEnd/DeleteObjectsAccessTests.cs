using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// DeleteObjects is decided key by key, as S3 decides it (s3:DeleteObject on each key): account B, sending one
/// request for keys of account A's bucket, gets a 200 whose result deletes the keys a policy lets it delete and
/// answers each other key with &lt;Error&gt; AccessDenied; those objects stay as A wrote them. AWSSDK.S3 is the client.
/// </summary>
public sealed class DeleteObjectsAccessTests(CrossAccountFixture fixture) : IClassFixture<CrossAccountFixture>
{
    private static readonly string[] Keys = ["open/1", "open/2", "kept/1", "kept/2"];

    private readonly ServiceHost _host = fixture.Host;
    private readonly TestAccount _a = fixture.A;
    private readonly TestAccount _b = fixture.B;

    /// <summary>A's policy for B (null: none), then the keys B's request deletes and the keys it is refused.</summary>
    public static TheoryData<string, string?, string[], string[]> Cases() => new()
    {
        // No grant at all: every key refused in a 200, none deleted (the request itself is not refused).
        { "no grant", null, [], Keys },
        // An Allow naming keys: the others are not allowed.
        { "allow on open/*", """[{"Effect":"Allow","Principal":{"AWS":["{B}"]},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{BUCKET}/open/*"}]""", ["open/1", "open/2"], ["kept/1", "kept/2"] },
        // An Allow on every key and an explicit Deny on some: the Deny wins on those.
        { "deny on kept/*", """[{"Effect":"Allow","Principal":{"AWS":["{B}"]},"Action":"s3:*","Resource":"arn:aws:s3:::{BUCKET}/*"},{"Effect":"Deny","Principal":{"AWS":["{B}"]},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{BUCKET}/kept/*"}]""", ["open/1", "open/2"], ["kept/1", "kept/2"] },
        // An Allow on every key: all deleted (and, in the quiet round, deleted again: a missing key is Deleted).
        { "allow on every key", """[{"Effect":"Allow","Principal":{"AWS":["{B}"]},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{BUCKET}/*"}]""", Keys, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachKeyIsDecidedOnItsOwn(string name, string? statements, string[] deleted, string[] refused)
    {
        using var owner = _host.CreateS3Client(_a.SecretKey, _a.AccessKey);
        using var other = _host.CreateS3Client(_b.SecretKey, _b.AccessKey);
        var bucket = "del-access-" + Guid.NewGuid().ToString("N")[..10];
        await owner.PutBucketAsync(bucket);
        foreach (var key in Keys)
        {
            await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "A's " + key });
        }

        if (statements is not null)
        {
            var policy = $$"""{"Version":"2012-10-17","Statement":{{statements.Replace("{B}", _b.AccountId).Replace("{BUCKET}", bucket)}}}""";
            await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy });
        }

        foreach (var quiet in new[] { false, true })
        {
            var (gone, errors) = await DeleteAsync(other, bucket, Keys, quiet);
            Assert.True(errors.All(e => e.Code == "AccessDenied"), $"{name}: {string.Join(", ", errors.Select(e => $"{e.Key}={e.Code}"))}");
            Assert.Equal(refused.Order(), errors.Select(e => e.Key).Order());
            // Quiet lists only the failures; the keys deleted are the same either way.
            Assert.Equal(quiet ? [] : deleted.Order(), gone.Order());
        }

        var left = await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(refused.Order(), (left.S3Objects ?? []).Select(o => o.Key).Order());
        foreach (var key in refused)
        {
            using var read = await owner.GetObjectAsync(bucket, key);
            using var text = new StreamReader(read.ResponseStream);
            Assert.Equal("A's " + key, await text.ReadToEndAsync());
        }
    }

    /// <summary>The owner's own request in the same bucket deletes every key (nothing refused, no error).</summary>
    [Fact]
    public async Task OwnerDeletesEveryKey()
    {
        using var owner = _host.CreateS3Client(_a.SecretKey, _a.AccessKey);
        var bucket = "del-owner-" + Guid.NewGuid().ToString("N")[..10];
        await owner.PutBucketAsync(bucket);
        foreach (var key in Keys)
        {
            await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "x" });
        }

        var (gone, errors) = await DeleteAsync(owner, bucket, Keys, quiet: false);
        Assert.Empty(errors);
        Assert.Equal(Keys.Order(), gone.Order());
        Assert.Empty((await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    /// <summary>Runs DeleteObjects; AWSSDK.S3 throws <see cref="DeleteObjectsException"/> when the result has errors, with the result in it.</summary>
    private static async Task<(List<string> Deleted, List<DeleteError> Errors)> DeleteAsync(IAmazonS3 client, string bucket, IEnumerable<string> keys, bool quiet)
    {
        var request = new DeleteObjectsRequest { BucketName = bucket, Quiet = quiet, Objects = keys.Select(k => new KeyVersion { Key = k }).ToList() };
        DeleteObjectsResponse response;
        try
        {
            response = await client.DeleteObjectsAsync(request);
        }
        catch (DeleteObjectsException ex)
        {
            response = ex.Response;
        }

        return ((response.DeletedObjects ?? []).Select(d => d.Key).ToList(), response.DeleteErrors ?? []);
    }
}

using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The settings of one named version through AWSSDK.S3 on PostgreSQL (ver23b): <c>?tagging&amp;versionId=</c>,
/// <c>?acl&amp;versionId=</c> and GetObjectAttributes with a version read and change that version, not the current object;
/// a version no key has is NoSuchVersion, a delete marker 405.
/// </summary>
public sealed class VersionSettingsTests(PostgresServiceFixture fixture) : S3TestBase(fixture), IClassFixture<PostgresServiceFixture>
{
    private async Task<(string Bucket, string Old, string Current)> TwoVersionsAsync()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var old = (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "old" })).VersionId;
        var current = (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "current!" })).VersionId;
        return (bucket, old, current);
    }

    private async Task<List<Amazon.S3.Model.Tag>> TagsAsync(string bucket, string? versionId) =>
        (await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = versionId })).Tagging ?? []; // AWSSDK v4 answers null for an empty TagSet

    [Fact]
    public async Task AwsSdkTagsOneVersionAndLeavesTheOthersAlone()
    {
        var (bucket, old, current) = await TwoVersionsAsync();
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = old, Tagging = new Tagging { TagSet = [new Amazon.S3.Model.Tag { Key = "era", Value = "old" }] } });

        Assert.Equal(["era=old"], (await TagsAsync(bucket, old)).Select(t => t.Key + "=" + t.Value));
        Assert.Empty(await TagsAsync(bucket, current));
        Assert.Empty(await TagsAsync(bucket, null));

        // The current version named by its ID is the current object.
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = current, Tagging = new Tagging { TagSet = [new Amazon.S3.Model.Tag { Key = "era", Value = "now" }] } });
        Assert.Equal(["era=now"], (await TagsAsync(bucket, null)).Select(t => t.Key + "=" + t.Value));

        await S3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = old });
        Assert.Empty(await TagsAsync(bucket, old));
        Assert.Equal(["era=now"], (await TagsAsync(bucket, null)).Select(t => t.Key + "=" + t.Value));
    }

    [Fact]
    public async Task AwsSdkTaggingAVersionThatIsNotThereOrIsADeleteMarkerIsRefused()
    {
        var (bucket, old, _) = await TwoVersionsAsync();
        var otherKeys = (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "other", ContentBody = "x" })).VersionId;
        var marker = (await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k" })).VersionId;
        var tagging = new Tagging { TagSet = [new Amazon.S3.Model.Tag { Key = "a", Value = "b" }] };

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = otherKeys, Tagging = tagging }));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (missing.StatusCode, missing.ErrorCode));
        var missingRead = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => TagsAsync(bucket, otherKeys));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (missingRead.StatusCode, missingRead.ErrorCode));
        var onMarker = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = marker, Tagging = tagging }));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, onMarker.StatusCode);

        // The version behind the marker is still taggable, and nothing else was touched.
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "k", VersionId = old, Tagging = tagging });
        Assert.Equal(["a=b"], (await TagsAsync(bucket, old)).Select(t => t.Key + "=" + t.Value));
        Assert.Empty((await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "other" })).Tagging ?? []);
    }

    [Fact]
    public async Task AwsSdkAclOfOneVersionGrantsReadingThatVersionOnly()
    {
        var (bucket, old, current) = await TwoVersionsAsync();
        await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "k", VersionId = old, ACL = S3CannedACL.PublicRead });

        var oldAcl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k", VersionId = old });
        Assert.Contains(oldAcl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
        var currentAcl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k", VersionId = current });
        Assert.DoesNotContain(currentAcl.Grants, g => g.Grantee.URI is not null);

        // Anyone may now read the old version by its ID (its own ACL), and still not the current object.
        using var anonymousOld = await Http.GetAsync($"/{bucket}/k?versionId={Uri.EscapeDataString(old)}");
        Assert.Equal(HttpStatusCode.OK, anonymousOld.StatusCode);
        Assert.Equal("old", await anonymousOld.Content.ReadAsStringAsync());
        using var anonymousCurrent = await Http.GetAsync($"/{bucket}/k");
        Assert.Equal(HttpStatusCode.Forbidden, anonymousCurrent.StatusCode);
        using var anonymousCurrentById = await Http.GetAsync($"/{bucket}/k?versionId={Uri.EscapeDataString(current)}");
        Assert.Equal(HttpStatusCode.Forbidden, anonymousCurrentById.StatusCode);
    }

    [Fact]
    public async Task AwsSdkGetObjectAttributesReadsTheVersionNamed()
    {
        var (bucket, old, current) = await TwoVersionsAsync();
        var attributes = new List<ObjectAttributes> { ObjectAttributes.ETag, ObjectAttributes.ObjectSize };

        var ofOld = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest { BucketName = bucket, Key = "k", VersionId = old, ObjectAttributes = attributes });
        Assert.Equal((3L, old), (ofOld.ObjectSize ?? -1, ofOld.VersionId));
        var ofCurrent = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest { BucketName = bucket, Key = "k", ObjectAttributes = attributes });
        Assert.Equal((8L, current), (ofCurrent.ObjectSize ?? -1, ofCurrent.VersionId));
    }
}

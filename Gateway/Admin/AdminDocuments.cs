using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>The admin API's JSON documents (camelCase, enums as lower-case words) and their mapping from the grains' records.</summary>
internal static class AdminDocuments
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static AccountDocument Of(AccountInfo a) => new(a.Id, a.DisplayName, a.State, a.IsAdmin, a.Created);

    public static KeyDocument Of(AccessKeyInfo k) => new(k.AccessKeyId, k.AccountId, k.State, k.Created, k.Expires);

    public static NewKeyDocument Of(NewAccessKey k) => new(k.Key.AccessKeyId, k.Key.AccountId, k.Key.State, k.Key.Created, k.Key.Expires, k.SecretKey);

    public static BucketDocument Of(BucketUsage u) =>
        new(u.Bucket.Name, u.Bucket.Owner, u.Bucket.Rule, u.Bucket.Created, u.Objects, u.Bytes, u.OpenUploads, u.UploadBytes, u.NoncurrentVersions, u.NoncurrentBytes);

    public static UploadDocument Of(OpenUploadUsage u) => new(u.Bucket, u.Key, u.UploadId, u.Initiated, u.Initiator, u.Parts, u.Bytes);

    public static GrantsDocument Of(AccessControlList acl) =>
        new(acl.Owner, acl.Grants.Select(g => new GrantDocument(new GranteeDocument(g.Grantee.Kind, g.Grantee.AccountId), g.Permission)).ToList());
}

internal sealed record ErrorDocument(string Error, string Message);

internal sealed record AccountDocument(string Id, string DisplayName, AccountState State, bool Admin, DateTimeOffset Created);

internal sealed record CreateAccountRequest(string? Id, string? DisplayName, bool Admin = false);

internal sealed record KeyDocument(string AccessKeyId, string Account, AccessKeyState State, DateTimeOffset Created, DateTimeOffset? Expires);

/// <summary>A key just created or rotated: the one answer that carries its secret.</summary>
internal sealed record NewKeyDocument(string AccessKeyId, string Account, AccessKeyState State, DateTimeOffset Created, DateTimeOffset? Expires, string SecretKey);

internal sealed record CreateKeyRequest(string? Account, DateTimeOffset? Expires);

/// <summary>A bucket's figures: <paramref name="Objects"/> and <paramref name="Bytes"/> are its current objects; noncurrent versions (versioning) are counted apart.</summary>
internal sealed record BucketDocument(string Name, string Owner, BucketRule Rule, DateTimeOffset Created, long Objects, long Bytes, long OpenUploads, long UploadBytes, long NoncurrentVersions, long NoncurrentBytes);

internal sealed record CreateBucketRequest(string? Name, string? Owner, BucketRule Rule = BucketRule.Concurrent);

internal sealed record ChownRequest(string? Owner);

internal sealed record GranteeDocument(GranteeKind Type, string? Id = null);

internal sealed record GrantDocument(GranteeDocument? Grantee, AclPermission Permission);

internal sealed record GrantsDocument(string? Owner, IReadOnlyList<GrantDocument>? Grants);

internal sealed record UploadDocument(string Bucket, string Key, string UploadId, DateTimeOffset Initiated, string? Initiator, int Parts, long Bytes);

internal sealed record AbortUploadRequest(string? Bucket, string? Key, string? UploadId);

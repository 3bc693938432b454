using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>QingStor's JSON documents (snake_case names, by the context's naming policy).</summary>
internal sealed record QingStorError(string Code, string Message, string RequestId, string Url);

internal sealed record QingStorInitiated(string UploadId, string Bucket, string Key);

internal sealed record QingStorPart(int PartNumber, long Size, string Etag, string Created);

internal sealed record QingStorPartList(int Count, IReadOnlyList<QingStorPart> ObjectParts);

internal sealed record QingStorUpload(string Key, string UploadId, string Created);

internal sealed record QingStorUploadList(string Name, IReadOnlyList<QingStorUpload> Uploads, string Prefix, string Delimiter, int Limit, string Marker,
    string NextKeyMarker, string NextUploadIdMarker, bool HasMore, IReadOnlyList<string> CommonPrefixes);

/// <summary>One object of a ListObjects answer (the API spec's "key": modified in Unix seconds, created ISO 8601).</summary>
internal sealed record QingStorKey(string Key, string MimeType, string Etag, long Size, long Modified, bool Encrypted, string Created, string StorageClass);

internal sealed record QingStorObjectList(string Name, QingStorOwner Owner, string Prefix, string Delimiter, int Limit, string Marker, string NextMarker, bool HasMore,
    IReadOnlyList<QingStorKey> Keys, IReadOnlyList<string> CommonPrefixes);

internal sealed record QingStorBucket(string Name, string Location, string Url, string Created);

internal sealed record QingStorBucketList(int Count, IReadOnlyList<QingStorBucket> Buckets);

internal sealed record QingStorGrantee(string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id, string Name);

internal sealed record QingStorGrant(QingStorGrantee Grantee, string Permission);

internal sealed record QingStorOwner(string Id, string Name);

internal sealed record QingStorAcl(QingStorOwner Owner, IReadOnlyList<QingStorGrant> Acl);

internal sealed record QingStorCorsRule(string AllowedOrigin, IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedHeaders, IReadOnlyList<string> ExposeHeaders,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxAgeSeconds);

internal sealed record QingStorCorsConfiguration(IReadOnlyList<QingStorCorsRule> CorsRules);

internal sealed record QingStorLifecycleFilter(string Prefix);

internal sealed record QingStorLifecycleExpiration(int Days);

internal sealed record QingStorLifecycleAbort(int DaysAfterInitiation);

/// <summary>One rule of GET Bucket Lifecycle: the action it does not have is left out.</summary>
internal sealed record QingStorLifecycleRule(string Id, string Status, QingStorLifecycleFilter Filter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QingStorLifecycleExpiration? Expiration,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QingStorLifecycleAbort? AbortIncompleteMultipartUpload);

internal sealed record QingStorLifecycleConfiguration(IReadOnlyList<QingStorLifecycleRule> Rule);

[JsonSerializable(typeof(QingStorError))]
[JsonSerializable(typeof(QingStorInitiated))]
[JsonSerializable(typeof(QingStorPartList))]
[JsonSerializable(typeof(QingStorUploadList))]
[JsonSerializable(typeof(QingStorAcl))]
[JsonSerializable(typeof(QingStorObjectList))]
[JsonSerializable(typeof(QingStorBucketList))]
[JsonSerializable(typeof(QingStorCorsConfiguration))]
[JsonSerializable(typeof(QingStorLifecycleConfiguration))]
internal sealed partial class QingStorJson : JsonSerializerContext
{
    public static QingStorJson Wire { get; } = new(Orleans.Multipart.Gateway.Documents.JsonDocumentWriter.Options(JsonNamingPolicy.SnakeCaseLower));
}

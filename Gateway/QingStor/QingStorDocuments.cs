using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>QingStor's JSON documents (snake_case names, by the context's naming policy).</summary>
public sealed record QingStorError(string Code, string Message, string RequestId, string Url);

public sealed record QingStorInitiated(string UploadId, string Bucket, string Key);

public sealed record QingStorPart(int PartNumber, long Size, string Etag, string Created);

public sealed record QingStorPartList(int Count, IReadOnlyList<QingStorPart> ObjectParts);

public sealed record QingStorUpload(string Key, string UploadId, string Created);

public sealed record QingStorUploadList(string Name, IReadOnlyList<QingStorUpload> Uploads, string Prefix, string Delimiter, int Limit, string Marker,
    string NextKeyMarker, string NextUploadIdMarker, bool HasMore, IReadOnlyList<string> CommonPrefixes);

/// <summary>One object of a ListObjects answer (the API spec's "key": modified in Unix seconds, created ISO 8601).</summary>
public sealed record QingStorKey(string Key, string MimeType, string Etag, long Size, long Modified, bool Encrypted, string Created, string StorageClass);

public sealed record QingStorObjectList(string Name, QingStorOwner Owner, string Prefix, string Delimiter, int Limit, string Marker, string NextMarker, bool HasMore,
    IReadOnlyList<QingStorKey> Keys, IReadOnlyList<string> CommonPrefixes);

public sealed record QingStorBucket(string Name, string Location, string Url, string Created);

public sealed record QingStorBucketList(int Count, IReadOnlyList<QingStorBucket> Buckets);

public sealed record QingStorGrantee(string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id, string Name);

public sealed record QingStorGrant(QingStorGrantee Grantee, string Permission);

public sealed record QingStorOwner(string Id, string Name);

public sealed record QingStorAcl(QingStorOwner Owner, IReadOnlyList<QingStorGrant> Acl);

public sealed record QingStorCorsRule(string AllowedOrigin, IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedHeaders, IReadOnlyList<string> ExposeHeaders,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxAgeSeconds);

public sealed record QingStorCorsConfiguration(IReadOnlyList<QingStorCorsRule> CorsRules);

[JsonSerializable(typeof(QingStorError))]
[JsonSerializable(typeof(QingStorInitiated))]
[JsonSerializable(typeof(QingStorPartList))]
[JsonSerializable(typeof(QingStorUploadList))]
[JsonSerializable(typeof(QingStorAcl))]
[JsonSerializable(typeof(QingStorObjectList))]
[JsonSerializable(typeof(QingStorBucketList))]
[JsonSerializable(typeof(QingStorCorsConfiguration))]
public sealed partial class QingStorJson : JsonSerializerContext
{
    public static QingStorJson Wire { get; } = new(Orleans.Multipart.Gateway.Documents.JsonDocumentWriter.Options(JsonNamingPolicy.SnakeCaseLower));
}

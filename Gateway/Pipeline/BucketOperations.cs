namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>ListBuckets: names starting with <paramref name="Prefix"/> after <paramref name="After"/>, at most <paramref name="MaxBuckets"/>; <paramref name="Paged"/> when the client asked for pages.</summary>
public sealed record ListBuckets(string Prefix, string? After, int MaxBuckets, bool Paged) : Operation;

public sealed record CreateBucket(string Bucket, BucketRule Rule) : BucketOperation(Bucket);

public sealed record DeleteBucket(string Bucket) : BucketOperation(Bucket);

/// <summary>An operation that answers from the bucket's settings alone (NoSuchBucket when there is none).</summary>
public abstract record BucketRead(string Bucket) : BucketOperation(Bucket);

public sealed record HeadBucket(string Bucket) : BucketRead(Bucket);

public sealed record GetBucketLocation(string Bucket) : BucketRead(Bucket);

public sealed record GetBucketVersioning(string Bucket) : BucketRead(Bucket);

/// <summary>Reads the bucket's grants (QingStor's GET /?acl).</summary>
public sealed record GetBucketAcl(string Bucket) : BucketRead(Bucket);

/// <summary>Sets the bucket's grants; all the service keeps of them is whether anyone may write (QingStor's PUT /?acl).</summary>
public sealed record PutBucketAcl(string Bucket, bool AnonymousWrite) : BucketOperation(Bucket);

/// <summary>How a listing answers: ListObjects (v1: Marker), ListObjectsV2 (continuation tokens).</summary>
public enum ListingVersion
{
    V1,
    V2,
}

/// <summary>
/// ListObjects (v1 or v2). <paramref name="UrlEncoding"/>: encoding-type=url; <paramref name="ContinuationToken"/>
/// and <paramref name="StartAfter"/> as sent (v2); <paramref name="FetchOwner"/>: list each object's owner.
/// </summary>
public sealed record ListObjects(string Bucket, ObjectListingRequest Request, ListingVersion Version, bool UrlEncoding, string? ContinuationToken, string? StartAfter, bool FetchOwner)
    : BucketOperation(Bucket)
{
    public override string Name => Version == ListingVersion.V2 ? "ListObjectsV2" : "ListObjects";
}

/// <summary>ListObjectVersions on an unversioned bucket: every object is its only version.</summary>
public sealed record ListObjectVersions(string Bucket, ObjectListingRequest Request, bool UrlEncoding, string VersionIdMarker) : BucketOperation(Bucket);

/// <summary>DeleteObjects: each key deleted on its own; <paramref name="Quiet"/> lists only the failures.</summary>
public sealed record DeleteObjects(string Bucket, IReadOnlyList<string> Keys, bool Quiet) : BucketOperation(Bucket);

/// <summary>
/// ListMultipartUploads. <paramref name="EncodingType"/> as sent; <paramref name="AllPagesUpTo"/>: the
/// vendor answers every matching upload in one document (JSS), refusing with TooManyMultipartUploads past that many.
/// </summary>
public sealed record ListUploads(string Bucket, UploadListingRequest Request, string? EncodingType = null, int? AllPagesUpTo = null) : BucketOperation(Bucket)
{
    public bool UrlEncoding => EncodingType == "url";
}

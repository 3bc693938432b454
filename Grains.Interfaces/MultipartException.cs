namespace Orleans.Multipart;

/// <summary>The service's own error vocabulary; each dialect maps it to its vendor's code and status.</summary>
[GenerateSerializer]
[Alias("omp.MultipartError")]
public enum MultipartError
{
    NoSuchBucket,
    BucketAlreadyExists,
    BucketNotEmpty,
    NoSuchKey,
    NoSuchUpload,
    InvalidPart,
    InvalidPartOrder,
    EntityTooSmall,
    EntityTooLarge,
    PreconditionFailed,
    ObjectAlreadyExists,
    UploadInProgress,
    ConditionalRequestConflict,
    InvalidArgument,
    MalformedRequest,
    TooManyParts,

    /// <summary>A checksum the client gave does not match the one computed (S3's full-object checksum on Complete).</summary>
    BadDigest,

    /// <summary>The request contradicts the upload it names (S3: a Complete without the part checksums a composite upload needs).</summary>
    InvalidRequest,

    /// <summary>User metadata above <see cref="ObjectLimits.MaxMetadataBytes"/>.</summary>
    MetadataTooLarge,
}

/// <summary>A rule was broken; nothing was changed. Serializable so that its code survives a hop between silos.</summary>
[GenerateSerializer]
[Alias("omp.MultipartException")]
public sealed class MultipartException(MultipartError error, string message) : Exception(message)
{
    [Id(0)]
    public MultipartError Error { get; private set; } = error;
}

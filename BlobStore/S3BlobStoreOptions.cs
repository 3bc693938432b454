namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// The S3 blob backend (configuration section <c>Storage:Blobs:S3</c>, used when <c>Storage:Blobs:Provider</c>
/// is <c>S3</c>). A Kubernetes Secret maps to the same keys as environment variables
/// (<c>Storage__Blobs__S3__SecretKey</c>).
/// </summary>
public sealed class S3BlobStoreOptions
{
    public const string Section = "Storage:Blobs:S3";

    /// <summary>The backend's URL (<c>http://rgw:7480</c>). Default: none, AWS's endpoint for <see cref="Region"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Signing region. Default: <c>us-east-1</c> (what Ceph RGW and MinIO accept unless configured otherwise).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The bucket that holds the blobs; must exist. Required.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Key prefix of every blob object (a blob is <c>{Prefix}{blob id}</c>). Default: <c>blobs/</c>.</summary>
    public string Prefix { get; set; } = "blobs/";

    /// <summary>Path-style addressing (<c>{endpoint}/{bucket}/{key}</c>). Default: true when <see cref="Endpoint"/> is set, false for AWS.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Access key; with <see cref="SecretKey"/>. Default: none, the SDK's default credentials (AWS_ACCESS_KEY_ID, a web identity, an instance role).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret key; with <see cref="AccessKey"/>. Keep it in a Secret; it is never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Base64 of the 32-byte AES-256 key for blobs the service encrypts at rest (jss server-side encryption).
    /// Required: every silo must hold the same key, and the backend never sees it (<c>openssl rand -base64 32</c>).
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>A body of known length up to this many bytes is streamed in one PutObject; larger or unknown-length bodies become a backend multipart upload. Default: 64 MiB.</summary>
    public long MultipartThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>Part size of a backend multipart upload; one part is buffered per upload (memory). Default: 16 MiB (at least 5 MiB).</summary>
    public int MultipartPartSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Memory, per silo, for bodies held whole before they go to the backend: a known-length body up to
    /// <see cref="MultipartPartSize"/> is read into it, then sent with what the backend checks it by (<see cref="Integrity"/>),
    /// and retried when the backend fails. A body that finds no room left is streamed instead (signed
    /// chunk by chunk over plain HTTP, checked by its ETag). Taken in 1 MiB segments, kept for reuse once used. 0 streams every body.
    /// Default: 256 MiB (32 parts of 8 MiB in flight).
    /// </summary>
    public long UploadBufferMemory { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// How the backend checks the bytes of a buffered body (a known-length body up to <see cref="MultipartPartSize"/>,
    /// and each piece of a backend multipart upload). <see cref="S3BlobIntegrity.Sha256"/>: the body is signed with its
    /// SHA-256 (SigV4's <c>x-amz-content-sha256</c>, which the backend verifies), and the MD5 of a blob the service does not
    /// encrypt (the part's ETag) is the backend's ETag; for a backend whose ETag of a PutObject is the MD5 of the object
    /// (Ceph RGW, MinIO and AWS S3 without KMS encryption). <see cref="S3BlobIntegrity.ContentMd5"/>: the silo takes the
    /// MD5 itself and sends it as Content-MD5 with <c>UNSIGNED-PAYLOAD</c>; for a backend whose ETags are not MD5s (AWS
    /// S3 with SSE-KMS, MinIO with KMS auto-encryption). Replaces <c>Md5FromBackend</c> (no longer read): its saving is
    /// in the default, with the backend's check kept. Default: <see cref="S3BlobIntegrity.Sha256"/>.
    /// </summary>
    public S3BlobIntegrity Integrity { get; set; } = S3BlobIntegrity.Sha256;

    /// <summary>A backend request that makes no progress for this long fails (then is retried or answered 503). Default: 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a failed backend request that can be repeated (reads, deletes, listings, buffered parts). Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The reasons these options cannot work, empty when they can.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            errors.Add($"{Section}:Bucket is required when Storage:Blobs:Provider is S3.");
        }

        if (Endpoint is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            errors.Add($"{Section}:Endpoint must be an absolute URL, not '{endpoint}'.");
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            errors.Add($"{Section}:AccessKey and {Section}:SecretKey are given together or not at all.");
        }

        if (DecodeEncryptionKey() is null)
        {
            errors.Add($"{Section}:EncryptionKey must be the base64 of 32 random bytes (openssl rand -base64 32).");
        }

        if (MultipartPartSize < 5 * 1024 * 1024)
        {
            errors.Add($"{Section}:MultipartPartSize must be at least 5 MiB (5242880).");
        }

        if (MultipartThreshold < 0 || MultipartThreshold > 5L * 1024 * 1024 * 1024)
        {
            errors.Add($"{Section}:MultipartThreshold must be between 0 and 5 GiB (one PutObject's limit).");
        }

        if (UploadBufferMemory < 0)
        {
            errors.Add($"{Section}:UploadBufferMemory must not be negative.");
        }

        if (!Enum.IsDefined(Integrity))
        {
            errors.Add($"{Section}:Integrity must be Sha256 or ContentMd5, not '{Integrity}'.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:RequestTimeout must be positive.");
        }

        if (MaxRetries < 0)
        {
            errors.Add($"{Section}:MaxRetries must not be negative.");
        }

        return errors;
    }

    internal byte[]? DecodeEncryptionKey()
    {
        if (string.IsNullOrWhiteSpace(EncryptionKey))
        {
            return null;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(EncryptionKey.Trim(), bytes, out var written) && written == 32 ? bytes[..32] : null;
    }
}

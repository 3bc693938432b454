namespace Orleans.Multipart.Storage.Blobs;

/// <summary>What a buffered body sent to the S3 backend carries for the backend to check its bytes by (<see cref="S3BlobStoreOptions.Integrity"/>).</summary>
public enum S3BlobIntegrity
{
    /// <summary>
    /// The SHA-256 of the bytes as the SigV4 signed payload hash (<c>x-amz-content-sha256</c>): every S3 implementation
    /// verifies it (400 XAmzContentSHA256Mismatch), unlike the newer x-amz-checksum-* headers (Ceph before Reef ignores
    /// them). The MD5 of a blob not encrypted by the service is then the backend's ETag: with SHA-NI a SHA-256 costs
    /// less than half of an MD5, and the MD5 is not computed twice.
    /// </summary>
    Sha256,

    /// <summary>The silo's own MD5 of the bytes sent, as Content-MD5 (400 BadDigest), with <c>UNSIGNED-PAYLOAD</c>.</summary>
    ContentMd5,
}

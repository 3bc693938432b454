namespace Orleans.Multipart.Storage.Blobs;

/// <summary>The local blob directory (configuration section <c>Storage</c>).</summary>
public sealed class BlobStoreOptions
{
    /// <summary>
    /// Where part bytes live (<c>Storage:Blobs:Provider</c>): <c>Local</c> (default), the directory below;
    /// <c>S3</c>, an S3-compatible object store (<see cref="S3BlobStoreOptions"/>).
    /// </summary>
    public string Provider { get; set; } = "Local";

    /// <summary>Where blobs live; default <c>{Storage:DataPath}/blobs</c>.</summary>
    public string Path { get; set; } = "data/blobs";

    /// <summary>
    /// fsync each blob and its directory before the part is acknowledged. Default: true. Turning it off
    /// trades durability on power loss for speed; only for throwaway test machines.
    /// </summary>
    public bool Fsync { get; set; } = true;

    /// <summary>
    /// The 32-byte AES-256 key for blobs stored encrypted at rest (jss x-jss-server-side-encryption).
    /// Default: <c>{Path}/../blob-encryption.key</c>, generated on first use (mode 600). Keep it with
    /// the data: without it encrypted objects cannot be read.
    /// </summary>
    public string? EncryptionKeyPath { get; set; }

    /// <summary>Copy buffer per request; memory per upload stays at about this much. Default: 256 KiB.</summary>
    public int BufferSize { get; set; } = 256 * 1024;
}

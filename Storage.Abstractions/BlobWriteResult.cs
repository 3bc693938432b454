namespace Orleans.Multipart.Storage;

/// <summary>A blob that <see cref="IBlobStore.WriteAsync"/> made durable: its ID, its length and the MD5 of its (plaintext) bytes.</summary>
public sealed record BlobWriteResult(string BlobId, long Length, byte[] Md5);

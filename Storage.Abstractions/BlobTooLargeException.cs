namespace Orleans.Multipart.Storage;

/// <summary>A write brought more bytes than <see cref="BlobWriteOptions.MaxLength"/>; the blob was not kept.</summary>
public sealed class BlobTooLargeException(long max) : Exception($"The body exceeds the maximum of {max} bytes.");

namespace Orleans.Multipart.Storage;

/// <summary>The customer key given is not the one the blob was written with (the key itself is never part of the message).</summary>
public sealed class CustomerKeyMismatchException(string blobId) : Exception($"Blob {blobId} was written with another customer key.");

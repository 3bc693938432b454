namespace Orleans.Multipart.Storage;

/// <summary>The blob was written with a customer key and none was given to read it.</summary>
public sealed class CustomerKeyRequiredException(string blobId) : Exception($"Blob {blobId} is encrypted with a customer key; reading it needs that key.");

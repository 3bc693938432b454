namespace Orleans.Multipart.Storage;

/// <summary>A write ended before <see cref="BlobWriteOptions.ExpectedLength"/> bytes; the blob was not kept.</summary>
public sealed class IncompleteBodyException(long expected, long actual)
    : Exception($"The body ended after {actual} of the {expected} bytes announced.");

namespace Orleans.Multipart;

/// <summary>A rule was broken; nothing was changed. Serializable so that its code survives a hop between silos.</summary>
[GenerateSerializer]
[Alias("omp.MultipartException")]
public sealed class MultipartException(MultipartError error, string message) : Exception(message)
{
    /// <summary>The message of NoSuchUpload, from a grain or the store (and the gateway's catalogue row for it).</summary>
    public const string NoSuchUploadMessage = "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.";

    [Id(0)]
    public MultipartError Error { get; private set; } = error;

    // The domain's messages that several throw sites share, each written once.
    public static MultipartException NoSuchUpload() => new(MultipartError.NoSuchUpload, NoSuchUploadMessage);

    /// <summary>A part number outside 1..<see cref="ObjectLimits.MaxPartNumber"/>, refused as <paramref name="error"/> (InvalidArgument below, TooManyParts above).</summary>
    public static MultipartException PartNumberOutOfRange(MultipartError error) =>
        new(error, $"Part number must be an integer between 1 and {ObjectLimits.MaxPartNumber}, inclusive.");

    /// <summary>A checksum (<paramref name="algorithm"/> as the client named it) that is not the one computed; the gateway answers its own mismatches with it too.</summary>
    public static MultipartException ChecksumMismatch(string algorithm) => new(MultipartError.BadDigest, $"The {algorithm} you specified did not match the calculated checksum.");
}

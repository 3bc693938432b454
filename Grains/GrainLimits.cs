using System.Text;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The <see cref="ObjectLimits"/> as the grains check them: the gateway refuses the same requests before
/// a grain is called, but internal services call the grains directly (samples/ControlPlane), and a limit
/// that only the gateway checks is no limit for them. Each check throws the error the gateway would map
/// to the dialect's answer, before anything is stored.
/// </summary>
internal static class GrainLimits
{
    public static void CheckKey(string key)
    {
        if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw new MultipartException(MultipartError.InvalidArgument, $"Object keys must be 1 to {ObjectKey.MaxKeyBytes} bytes of UTF-8.");
        }
    }

    public static void CheckSettings(ObjectSettings? settings)
    {
        if (settings is not null && ObjectLimits.MetadataBytes(settings.Metadata) > ObjectLimits.MaxMetadataBytes)
        {
            throw new MultipartException(MultipartError.MetadataTooLarge, $"Your metadata headers exceed the maximum allowed metadata size ({ObjectLimits.MaxMetadataBytes} bytes).");
        }
    }

    public static void CheckPartNumber(int partNumber)
    {
        if (partNumber < 1)
        {
            throw MultipartException.PartNumberOutOfRange(MultipartError.InvalidArgument);
        }

        if (partNumber > ObjectLimits.MaxPartNumber)
        {
            throw MultipartException.PartNumberOutOfRange(MultipartError.TooManyParts);
        }
    }

    public static void CheckPart(StoredPart part)
    {
        CheckPartNumber(part.PartNumber);
        CheckSize(part.Size, ObjectLimits.MaxPartSize);
    }

    public static void CheckObjectSize(long size) => CheckSize(size, ObjectLimits.MaxObjectSize);

    /// <summary>A ListParts page: a marker within the part numbers and a page size the database can be asked for.</summary>
    public static void CheckPartPage(int partNumberMarker, int maxParts)
    {
        if (partNumberMarker is < 0 or > ObjectLimits.MaxPartNumber)
        {
            throw new MultipartException(MultipartError.InvalidArgument, $"The part number marker must be between 0 and {ObjectLimits.MaxPartNumber}.");
        }

        if (maxParts is < 0 or > ObjectLimits.MaxPartNumber)
        {
            throw new MultipartException(MultipartError.InvalidArgument, $"max-parts must be between 0 and {ObjectLimits.MaxPartNumber}.");
        }
    }

    private static void CheckSize(long size, long max)
    {
        if (size < 0)
        {
            throw new MultipartException(MultipartError.InvalidArgument, "A size cannot be negative.");
        }

        if (size > max)
        {
            throw new MultipartException(MultipartError.EntityTooLarge, $"Your proposed upload exceeds the maximum allowed size ({max} bytes).");
        }
    }
}

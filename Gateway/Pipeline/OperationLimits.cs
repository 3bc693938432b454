using System.Text;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The limits step: what every dialect refuses before a grain or the blob store is asked (the key's length here, each operation's own limits in its catalogue row).</summary>
internal static class OperationLimits
{
    public static void Check(Operation operation, DialectLimits limits) => Check(operation, OperationCatalogue.Of(operation), limits);

    public static void Check(Operation operation, OperationDescriptor descriptor, DialectLimits limits)
    {
        if (operation is ObjectOperation { Key: var key } && Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw MultipartError.KeyTooLong.Error();
        }

        descriptor.CheckLimits(operation, limits);
    }

    /// <summary>A part number (service numbering) outside 1..MaxPartNumber, as the dialect words it.</summary>
    public static void CheckPartNumber(int partNumber, DialectLimits limits)
    {
        if (partNumber < 1)
        {
            throw PartNumber(limits, limits.PartNumberTooLow);
        }

        if (partNumber > PartLimits.MaxPartNumber)
        {
            throw PartNumber(limits, limits.PartNumberTooHigh);
        }
    }

    private static DialectException PartNumber(DialectLimits limits, MultipartError error) =>
        error.With(limits.FirstPartNumber, limits.LastPartNumber);
}

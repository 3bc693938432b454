using System.Text;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The limits step: what every dialect refuses before a grain or the blob store is asked.</summary>
public static class OperationLimits
{
    public static void Check(Operation operation, DialectLimits limits)
    {
        if (operation is ObjectOperation { Key: var key } && Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw new DialectException(WireError.KeyTooLong, $"Your key is too long; the maximum is {ObjectKey.MaxKeyBytes} bytes.");
        }

        switch (operation)
        {
            case CreateBucket create when !limits.BucketNames.IsValid(create.Bucket):
                throw new DialectException(WireError.InvalidBucketName, "The specified bucket is not valid.");
            case UploadPart { PartNumber: < 1 }:
                throw PartNumber(limits, limits.PartNumberTooLow);
            case UploadPart { PartNumber: > PartLimits.MaxPartNumber }:
                throw PartNumber(limits, limits.PartNumberTooHigh);
            case UploadPartCopy { PartNumber: < 1 }:
                throw PartNumber(limits, limits.PartNumberTooLow);
            case UploadPartCopy { PartNumber: > PartLimits.MaxPartNumber }:
                throw PartNumber(limits, limits.PartNumberTooHigh);
        }
    }

    private static DialectException PartNumber(DialectLimits limits, MultipartError error) =>
        new(error, $"Part number must be an integer between {limits.FirstPartNumber} and {limits.LastPartNumber}, inclusive");
}

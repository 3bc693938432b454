using System.Text;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The limits step: what every dialect refuses before a grain or the blob store is asked.</summary>
public static class OperationLimits
{
    public static void Check(Operation operation, DialectLimits limits)
    {
        if (operation is ObjectOperation { Key: var key } && Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxKeyBytes)
        {
            throw MultipartError.KeyTooLong.Error();
        }

        switch (operation)
        {
            case CreateBucket create when !limits.BucketNames.IsValid(create.Bucket):
                throw MultipartError.InvalidBucketName.Error();
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
        error.With(limits.FirstPartNumber, limits.LastPartNumber);
}

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// What the limits step checks per dialect: the bucket names CreateBucket accepts, the wire number of
/// the first part (QingStor counts from 0), and the errors a part number below or above the range is.
/// </summary>
internal sealed record DialectLimits(BucketNameRules BucketNames, int FirstPartNumber = 1, MultipartError PartNumberTooLow = MultipartError.InvalidPartNumber, MultipartError PartNumberTooHigh = MultipartError.TooManyParts)
{
    public int LastPartNumber => FirstPartNumber + PartLimits.MaxPartNumber - 1;

    /// <summary>A wire part number in the service's numbering: 0 when it is not a number or below the range, MaxPartNumber+1 above it (the limits step refuses both).</summary>
    public int ServicePartNumber(string wire) =>
        long.TryParse(wire, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? (int)Math.Clamp(n - FirstPartNumber + 1, 0, PartLimits.MaxPartNumber + 1)
            : 0;
}

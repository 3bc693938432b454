namespace Orleans.Multipart.Gateway.Core;

/// <summary>The multipart limits every dialect enforces (S3's, which the vendors copy).</summary>
internal static class PartLimits
{
    /// <summary>Parts per upload: part numbers run 1..10,000 (QingStor's wire numbers 0..9,999).</summary>
    public const int MaxPartNumber = ObjectLimits.MaxPartNumber;
}

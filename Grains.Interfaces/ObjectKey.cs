namespace Orleans.Multipart;

/// <summary>The grain key of an object: <c>bucket/key</c>. Bucket names cannot contain '/', so the split is unambiguous.</summary>
public static class ObjectKey
{
    /// <summary>Longest object key in UTF-8 bytes, as S3.</summary>
    public const int MaxKeyBytes = 1024;

    public static string Format(string bucket, string key) => bucket + "/" + key;

    public static (string Bucket, string Key) Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? throw new ArgumentException("Not an object grain key.", nameof(grainKey)) : (grainKey[..slash], grainKey[(slash + 1)..]);
    }
}

namespace Orleans.Multipart;

/// <summary>
/// One tag of an object or a bucket (S3's Tagging: a key of 1-128 and a value of 0-256 Unicode characters).
/// Shared by tagging (which validates and stores tags), lifecycle (whose filters match them) and copies.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.Tag")]
public sealed record Tag([property: Id(0)] string Key, [property: Id(1)] string Value);

/// <summary>
/// A tag set, ordered by key (ordinal): a set has no order of its own, and S3 (RGW, whose ceph/s3-tests expect it)
/// answers its tags by key whatever order they were written in. Kept in an object's <see cref="ObjectSettings.Tags"/>
/// (the settings document of its row, so a tag set follows its object through copies and versions) and in a bucket's settings.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.TagSet")]
public sealed record TagSet([property: Id(0)] IReadOnlyList<Tag> Tags)
{
    public static readonly TagSet Empty = new([]);

    /// <summary>AWS's limit of tags on one object.</summary>
    public const int MaxObjectTags = 10;

    /// <summary>AWS's limit of tags on one bucket.</summary>
    public const int MaxBucketTags = 50;

    /// <summary>A key's length in Unicode characters (at least 1).</summary>
    public const int MaxKeyLength = 128;

    /// <summary>A value's length in Unicode characters (it may be empty).</summary>
    public const int MaxValueLength = 256;

    /// <summary>The prefix AWS reserves for its own tags: a client may not write one.</summary>
    public const string ReservedPrefix = "aws:";

    /// <summary>True when the set holds <paramref name="key"/> with exactly <paramref name="value"/> (lifecycle filters).</summary>
    public bool Contains(string key, string value) => Tags.Any(t => t.Key == key && t.Value == value);

    /// <summary>
    /// The tags a client asked to write, checked as S3 checks them and ordered by key; throws InvalidTag (a
    /// <see cref="MultipartException"/>) for more than <paramref name="maxTags"/> tags, a key of 0 or more than 128
    /// characters, a value of more than 256, a key given twice or a key in the reserved <c>aws:</c> prefix. Nothing
    /// is stored when it throws.
    /// </summary>
    public static TagSet ToWrite(IReadOnlyCollection<Tag> tags, int maxTags)
    {
        if (tags.Count > maxTags)
        {
            throw Invalid($"Object tags cannot be greater than {maxTags}");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var keyLength = Characters(tag.Key);
            if (keyLength is 0 or > MaxKeyLength)
            {
                throw Invalid($"The TagKey you have provided is invalid: a key is 1 to {MaxKeyLength} characters");
            }

            if (Characters(tag.Value) > MaxValueLength)
            {
                throw Invalid($"The TagValue you have provided is invalid: a value is at most {MaxValueLength} characters");
            }

            if (tag.Key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Your TagKey cannot be prefixed with aws:");
            }

            if (!keys.Add(tag.Key))
            {
                throw Invalid("Cannot provide multiple Tags with the same key");
            }
        }

        return new TagSet(tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>Unicode characters (code points), as AWS counts a tag's length; a lone surrogate counts as one.</summary>
    private static int Characters(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count++;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    private static MultipartException Invalid(string message) => new(MultipartError.InvalidTag, message);
}

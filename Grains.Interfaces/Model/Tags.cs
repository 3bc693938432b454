namespace Orleans.Multipart;

/// <summary>
/// One tag of an object or a bucket (S3's Tagging: a key of 1-128 and a value of 0-256 Unicode characters).
/// Shared by tagging (which validates and stores tags), lifecycle (whose filters match them) and copies.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.Tag")]
public sealed record Tag([property: Id(0)] string Key, [property: Id(1)] string Value);

/// <summary>
/// A tag set in the order the client gave it. Kept in an object's <see cref="ObjectSettings.Tags"/> (the settings
/// document of its row, so a tag set follows its object through copies and versions) and in a bucket's settings.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.TagSet")]
public sealed record TagSet([property: Id(0)] IReadOnlyList<Tag> Tags)
{
    public static readonly TagSet Empty = new([]);

    /// <summary>True when the set holds <paramref name="key"/> with exactly <paramref name="value"/> (lifecycle filters).</summary>
    public bool Contains(string key, string value) => Tags.Any(t => t.Key == key && t.Value == value);
}

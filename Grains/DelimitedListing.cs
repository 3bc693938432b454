namespace Orleans.Multipart.Grains;

/// <summary>
/// The listing walk that uploads and objects share: pages read from the store after a cursor, keys that
/// contain the delimiter past the prefix rolled up into one common prefix each (the next page starts
/// after everything under it), at most <c>max</c> entries and prefixes together.
/// </summary>
internal static class DelimitedListing
{
    /// <summary>U+10FFFF, the largest code point: appended to a common prefix it sorts after every key that starts with the prefix.</summary>
    public const string MaxChar = "\uDBFF\uDFFF";

    /// <summary>The common prefix <paramref name="key"/> rolls up into (through the first delimiter after <paramref name="prefix"/>), or null.</summary>
    public static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    /// <summary>
    /// Walks the listing from <paramref name="after"/>. <paramref name="readPage"/> reads up to a limit of
    /// entries after a cursor, in key order; <paramref name="cursorOf"/> is an entry's cursor and
    /// <paramref name="keyCursor"/> the cursor of a bare key (a common prefix). <see cref="Walk{T, TCursor}.Last"/>
    /// is where a truncated listing stops (its next marker).
    /// </summary>
    public static async Task<Walk<T, TCursor>> WalkAsync<T, TCursor>(
        string prefix, string? delimiter, int max, TCursor after,
        Func<TCursor, int, Task<IReadOnlyList<T>>> readPage, Func<T, string> keyOf, Func<T, TCursor> cursorOf, Func<string, TCursor> keyCursor)
    {
        var entries = new List<T>();
        var prefixes = new List<string>();
        TCursor? last = default;
        var truncated = false;
        while (!truncated)
        {
            var batch = await readPage(after, max + 1);
            var consumed = false;
            foreach (var entry in batch)
            {
                var key = keyOf(entry);
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new(entries, prefixes, false, last);
                }

                if (entries.Count + prefixes.Count == max)
                {
                    truncated = true;
                    break;
                }

                var common = CommonPrefix(key, prefix, delimiter);
                if (common is not null)
                {
                    prefixes.Add(common);
                    last = keyCursor(common);
                    after = keyCursor(common + MaxChar);
                    consumed = true;
                    break;
                }

                entries.Add(entry);
                last = after = cursorOf(entry);
            }

            if (!consumed && !truncated && batch.Count <= max)
            {
                break;
            }
        }

        return new(entries, prefixes, truncated, last);
    }

    /// <summary>What a walk found; <paramref name="Last"/> means something only when <paramref name="IsTruncated"/>.</summary>
    public sealed record Walk<T, TCursor>(List<T> Entries, List<string> CommonPrefixes, bool IsTruncated, TCursor? Last);
}

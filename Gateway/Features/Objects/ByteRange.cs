using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>A single byte range of an object, from a Range header (parsed by Microsoft.Net.Http.Headers).</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>The range (bytes=a-b, a-, -n) of an object of <paramref name="size"/> bytes; null (the whole object) for a header that is not one valid byte range; InvalidRange (416) when it is unsatisfiable.</summary>
    public static ByteRange? Parse(string header, long size)
    {
        if (!RangeHeaderValue.TryParse(header, out var value) || !"bytes".Equals(value.Unit.Value, StringComparison.OrdinalIgnoreCase) || value.Ranges.Count != 1)
        {
            return null;
        }

        var range = value.Ranges.Single();
        if (range.From is null)
        {
            var suffix = range.To!.Value;
            return suffix == 0 || size == 0 ? throw Unsatisfiable(size) : new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size));
        }

        var start = range.From.Value;
        if (start >= size)
        {
            throw Unsatisfiable(size);
        }

        var end = Math.Min(range.To ?? size - 1, size - 1);
        return new ByteRange(start, end - start + 1);
    }

    private static DialectException Unsatisfiable(long size) =>
        new DialectException(MultipartError.InvalidRange) { Details = new Dictionary<string, string> { ["ActualObjectSize"] = size.ToString(CultureInfo.InvariantCulture) } };
}

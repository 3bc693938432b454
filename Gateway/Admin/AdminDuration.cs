using System.Globalization;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>Durations as operators write them: <c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c>, or a TimeSpan (<c>1.12:00:00</c>).</summary>
internal static class AdminDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        if (char.IsAsciiLetter(unit)
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            double? seconds = char.ToLowerInvariant(unit) switch
            {
                's' => amount,
                'm' => amount * 60,
                'h' => amount * 3600,
                'd' => amount * 86400,
                'w' => amount * 7 * 86400,
                _ => null,
            };
            if (seconds is { } s && s <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                duration = TimeSpan.FromSeconds(s);
                return true;
            }

            return false;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}

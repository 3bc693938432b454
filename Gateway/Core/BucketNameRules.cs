namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The bucket names a dialect accepts on CreateBucket, one rule set per vendor's naming rules, all
/// checked here: a length range, lowercase letters, digits and hyphens (and dots where allowed), a
/// letter or digit at both ends, and reserved prefixes and suffixes.
/// </summary>
internal sealed record BucketNameRules
{
    /// <summary>
    /// AWS S3 general purpose buckets (JD Cloud OSS follows them): dots allowed but never two in a row,
    /// next to a hyphen (s3-tests test_bucket_create_naming_dns_dash_dot) or in IP-address form.
    /// </summary>
    public static readonly BucketNameRules S3 = new()
    {
        AllowDots = true,
        ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"],
        ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    };

    /// <summary>WOS: the DNS-compatible S3 rules (3-63, dots allowed between labels).</summary>
    public static readonly BucketNameRules Wos = new() { AllowDots = true };

    /// <summary>CDCS coffers (<c>name-APPID</c>): lowercase letters, digits and hyphens, no dots.</summary>
    public static readonly BucketNameRules Cdcs = new();

    /// <summary>QingStor: 6-63 lowercase letters, digits and hyphens.</summary>
    public static readonly BucketNameRules QingStor = new() { MinLength = 6 };

    /// <summary>JSS: 3-63 lowercase letters, digits and hyphens.</summary>
    public static readonly BucketNameRules Jss = new();

    public int MinLength { get; init; } = 3;

    public int MaxLength { get; init; } = 63;

    public bool AllowDots { get; init; }

    public IReadOnlyList<string> ReservedPrefixes { get; init; } = [];

    public IReadOnlyList<string> ReservedSuffixes { get; init; } = [];

    public bool IsValid(string name)
    {
        if (name.Length < MinLength || name.Length > MaxLength
            || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])
            || !char.IsAsciiLetterLower(name[^1]) && !char.IsAsciiDigit(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-' && !(AllowDots && c == '.'))
            {
                return false;
            }
        }

        if (AllowDots && (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal)
            || name.Contains("-.", StringComparison.Ordinal) || IsIpAddressForm(name)))
        {
            return false;
        }

        return !ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            && !ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>Four dot-separated runs of digits, such as 192.168.5.123.</summary>
    private static bool IsIpAddressForm(string name)
    {
        var labels = name.Split('.');
        return labels.Length == 4 && labels.All(l => l.Length > 0 && l.All(char.IsAsciiDigit));
    }
}

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>A dialect's options class: says what is wrong with its values, checked when the host starts (ValidateOnStart).</summary>
internal interface IDialectOptions
{
    /// <summary>The problems, empty when the options are valid.</summary>
    IEnumerable<string> Problems();

    /// <summary>Virtual-host suffixes must be host names (no scheme, no leading dot, no port).</summary>
    static IEnumerable<string> SuffixProblems(string section, IEnumerable<string> suffixes) =>
        suffixes.Where(s => string.IsNullOrWhiteSpace(s) || s.StartsWith('.') || s.Contains(':') || s.Contains('/'))
            .Select(s => $"{section}:VirtualHostSuffixes has '{s}', which is not a host name (no scheme, port or leading dot).");
}

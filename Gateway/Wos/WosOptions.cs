namespace Orleans.Multipart.Gateway.Wos;

/// <summary>The wos dialect options (configuration section <c>Gateway:Wos</c>).</summary>
internal sealed class WosOptions : Pipeline.IDialectOptions
{
    /// <summary>Virtual-host suffixes (<c>bucket.&lt;suffix&gt;</c>). Default: none (path style, as the seed).</summary>
    public List<string> VirtualHostSuffixes { get; set; } = [];

    public IEnumerable<string> Problems() => Pipeline.IDialectOptions.SuffixProblems("Gateway:Wos", VirtualHostSuffixes);
}

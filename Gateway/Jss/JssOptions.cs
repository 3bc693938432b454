namespace Orleans.Multipart.Gateway.Jss;

/// <summary>The jss dialect options (configuration section <c>Gateway:Jss</c>).</summary>
internal sealed class JssOptions : Pipeline.IDialectOptions
{
    /// <summary>Hosts under which <c>&lt;bucket&gt;.&lt;suffix&gt;</c> is virtual-host addressing. Default: s-bj.jcloud.com and s.jcloud.com.</summary>
    public List<string> VirtualHostSuffixes { get; set; } = ["s-bj.jcloud.com", "s.jcloud.com"];

    public IEnumerable<string> Problems() => Pipeline.IDialectOptions.SuffixProblems("Gateway:Jss", VirtualHostSuffixes);
}

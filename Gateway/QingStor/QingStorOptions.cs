namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>The qingstor dialect options (configuration section <c>Gateway:QingStor</c>).</summary>
internal sealed class QingStorOptions : Pipeline.IDialectOptions
{
    /// <summary>Zone hosts under which <c>&lt;bucket&gt;.&lt;zone host&gt;</c> is virtual-host addressing. Default: pek3a.qingstor.com.</summary>
    public List<string> VirtualHostSuffixes { get; set; } = ["pek3a.qingstor.com"];

    public IEnumerable<string> Problems() => Pipeline.IDialectOptions.SuffixProblems("Gateway:QingStor", VirtualHostSuffixes);
}

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>The cdcs dialect options (configuration section <c>Gateway:Cdcs</c>).</summary>
internal sealed class CdcsOptions : Pipeline.IDialectOptions
{
    /// <summary>Region named in Complete's Locations. Default: ap-guangzhou.</summary>
    public string Region { get; set; } = "ap-guangzhou";

    public IEnumerable<string> Problems() => string.IsNullOrWhiteSpace(Region) ? ["Gateway:Cdcs:Region must not be empty."] : [];
}

namespace Orleans.Multipart.Gateway.Core;

/// <summary>The dialects' names (<see cref="IDialect.Name"/>, the names configuration uses); they key the error catalogue's per-dialect overrides.</summary>
internal static class DialectNames
{
    public const string S3 = "s3", Cdcs = "cdcs", Wos = "wos", QingStor = "qingstor", Jss = "jss";

    public static readonly IReadOnlyList<string> All = [S3, Cdcs, Wos, QingStor, Jss];
}

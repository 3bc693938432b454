namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The trait that splits the suite into tiers: <c>./test.sh --fast</c> (or <c>dotnet test --filter
/// "Category!=Slow"</c>) leaves out the classes marked <see cref="Slow"/>.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";

    /// <summary>Real process clusters, the browser, anything that takes minutes or needs root and extra tools.</summary>
    public const string Slow = "Slow";
}

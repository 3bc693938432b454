namespace Orleans.Multipart;

/// <summary>
/// Which wire dialect a grain call came through, carried in Orleans' <c>RequestContext</c> so that the
/// grains can tag their metrics by dialect without knowing any wire format. Calls from internal
/// services carry none and count as <see cref="Internal"/>.
/// </summary>
public static class RequestDialect
{
    public const string ContextKey = "omp.dialect";

    public const string Internal = "internal";

    public static void Set(string dialect) => Orleans.Runtime.RequestContext.Set(ContextKey, dialect);

    public static string Current => Orleans.Runtime.RequestContext.Get(ContextKey) as string ?? Internal;
}

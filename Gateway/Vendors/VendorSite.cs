namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The statuses a vendor answers where they differ (QingStor: 201 for a stored part or object; WOS: 200 for Abort).</summary>
internal sealed record VendorStatuses(int Stored = 200, int Aborted = 204);

/// <summary>
/// What the vendors' shared renderings need to know of one vendor: its dialect name, its statuses, and the region
/// (or zone) its buckets are in, when it names one (cdcs: Gateway:Cdcs:Region; qingstor: the first zone host's first label).
/// </summary>
internal sealed record VendorSite(string Dialect, VendorStatuses Statuses, string? Region = null)
{
    /// <summary>An empty answer: the status, Content-Length 0.</summary>
    public static Task Empty(HttpResponse response, int status)
    {
        response.StatusCode = status;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}

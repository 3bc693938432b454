namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>
/// What a vendor reads its own way in the shape the vendors share: the object settings its headers carry,
/// Complete's part list, the listings' parameters, and whether a GET honours the Range header (QingStor).
/// </summary>
internal sealed record VendorBinders(
    DialectLimits Limits,
    Func<HttpRequest, ObjectSettings> Settings,
    Func<RouteRequest, Task<Operation>> CompleteAsync,
    Func<RouteRequest, Operation> ListParts,
    Func<RouteRequest, Operation> ListUploads,
    bool ReadRange = false);

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>What a request addresses: the service (no bucket), a bucket (no key), or an object.</summary>
internal enum RouteScope
{
    Service,
    Bucket,
    Object,
}

/// <summary>
/// One row of a dialect's route table: requests on <see cref="Scope"/> whose method passes <see cref="Method"/> and
/// that <see cref="When"/> accepts (sub-resources, parameters, headers) bind to an operation through <see cref="Bind"/>,
/// which reads the wire into the typed request. Rows are tried in table order; the first that matches binds.
/// </summary>
internal sealed class Route
{
    private readonly Func<string, bool>? _method;
    private readonly Func<RouteRequest, bool>? _when;
    private readonly Func<RouteRequest, ValueTask<Operation>> _bind;

    private Route(RouteScope scope, Func<string, bool>? method, Func<RouteRequest, bool>? when, Func<RouteRequest, ValueTask<Operation>> bind)
    {
        Scope = scope;
        _method = method;
        _when = when;
        _bind = bind;
    }

    public RouteScope Scope { get; }

    /// <summary>A row whose binder reads nothing asynchronously. <paramref name="method"/> null: any method.</summary>
    public static Route On(RouteScope scope, Func<string, bool>? method, Func<RouteRequest, bool>? when, Func<RouteRequest, Operation> bind) =>
        new(scope, method, when, request => new ValueTask<Operation>(bind(request)));

    /// <summary>A row whose binder reads the request's document.</summary>
    public static Route OnAsync(RouteScope scope, Func<string, bool>? method, Func<RouteRequest, bool>? when, Func<RouteRequest, Task<Operation>> bind) =>
        new(scope, method, when, request => new ValueTask<Operation>(bind(request)));

    public bool Matches(in RouteRequest request) => (_method is null || _method(request.Method)) && (_when is null || _when(request));

    public ValueTask<Operation> BindAsync(RouteRequest request) => _bind(request);
}

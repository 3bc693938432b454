namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// A dialect's routes, built once at start from its features' rows: a request binds through the first row of its
/// scope that matches; one that no row binds gets the dialect's one "not served" answer (501 NotImplemented naming
/// what was asked for; MethodNotAllowed on the service root).
/// </summary>
internal sealed class RouteTable
{
    private readonly Route[][] _byScope;
    private readonly Func<RouteRequest, RouteScope, Exception> _notServed;

    public RouteTable(IEnumerable<Route> routes, Func<RouteRequest, RouteScope, Exception> notServed)
    {
        var all = routes.ToList();
        _byScope = Enum.GetValues<RouteScope>().Select(scope => all.Where(r => r.Scope == scope).ToArray()).ToArray();
        _notServed = notServed;
    }

    public static RouteScope ScopeOf(RequestTarget target) =>
        target.Bucket is null ? RouteScope.Service : target.Key.Length == 0 ? RouteScope.Bucket : RouteScope.Object;

    public ValueTask<Operation> BindAsync(HttpContext context, RequestTarget target, Caller caller)
    {
        var request = new RouteRequest(context, target, caller);
        var scope = ScopeOf(target);
        foreach (var route in _byScope[(int)scope])
        {
            if (route.Matches(request))
            {
                return route.BindAsync(request);
            }
        }

        throw _notServed(request, scope);
    }
}

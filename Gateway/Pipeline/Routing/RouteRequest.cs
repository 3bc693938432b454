namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>What a route's predicate and binder read: the request, its bucket and key, and who sent it.</summary>
internal readonly record struct RouteRequest(HttpContext Context, RequestTarget Target, Caller Caller)
{
    public HttpRequest Request => Context.Request;

    public string Method => Context.Request.Method;

    /// <summary>The bucket (a bucket or object route is only asked when there is one).</summary>
    public string Bucket => Target.Bucket!;

    public string Key => Target.Key;

    public bool Has(string parameter) => Target.Has(parameter);

    public string? Get(string parameter) => Target.Get(parameter);
}

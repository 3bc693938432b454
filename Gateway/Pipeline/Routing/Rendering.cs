namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// One row of a dialect's <see cref="RenderingTable"/>: a result of type <see cref="ResultType"/> that the row's
/// predicate accepts (e.g. the operation it answers) is written by the row's renderer. A feature declares its
/// results' renderings beside its routes.
/// </summary>
internal sealed class Rendering
{
    private readonly Func<OperationResult, bool>? _when;
    private readonly Func<HttpContext, Caller, OperationResult, Task> _render;

    private Rendering(Type resultType, Func<OperationResult, bool>? when, Func<HttpContext, Caller, OperationResult, Task> render)
    {
        ResultType = resultType;
        _when = when;
        _render = render;
    }

    public Type ResultType { get; }

    /// <summary>Renders every <typeparamref name="T"/> that <paramref name="when"/> accepts (all of them without it).</summary>
    public static Rendering Of<T>(Func<HttpContext, Caller, T, Task> render, Func<T, bool>? when = null)
        where T : OperationResult =>
        new(typeof(T), when is null ? null : result => when((T)result), (context, caller, result) => render(context, caller, (T)result));

    public bool Takes(OperationResult result) => _when is null || _when(result);

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result) => _render(context, caller, result);
}

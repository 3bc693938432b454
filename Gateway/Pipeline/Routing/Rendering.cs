namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// One row of a dialect's rendering table: a result of type <typeparamref name="T"/> that <c>when</c> accepts
/// (e.g. the operation it answers) is written by the row's renderer. A feature declares its results' renderings beside its routes.
/// </summary>
public sealed class Rendering
{
    private readonly Func<OperationResult, bool> _matches;
    private readonly Func<HttpContext, Caller, OperationResult, Task> _render;

    private Rendering(Func<OperationResult, bool> matches, Func<HttpContext, Caller, OperationResult, Task> render)
    {
        _matches = matches;
        _render = render;
    }

    public static Rendering Of<T>(Func<HttpContext, Caller, T, Task> render, Func<T, bool>? when = null)
        where T : OperationResult =>
        new(result => result is T typed && (when is null || when(typed)), (context, caller, result) => render(context, caller, (T)result));

    /// <summary>Renders <paramref name="result"/> with the first row that takes it; null when none does.</summary>
    public static Task? Render(IReadOnlyList<Rendering> rows, HttpContext context, Caller caller, OperationResult result)
    {
        foreach (var row in rows)
        {
            if (row._matches(result))
            {
                return row._render(context, caller, result);
            }
        }

        return null;
    }
}

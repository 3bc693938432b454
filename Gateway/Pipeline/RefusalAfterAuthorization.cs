using System.Runtime.ExceptionServices;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// A refusal a dialect's parser finds in a request's headers that AWS makes only after authorization (an invalid
/// server-side encryption header of a write): a caller who may not make the request learns that it may not (403
/// AccessDenied, a bucket policy may deny the very header value), not what is wrong with its headers. The parser keeps
/// the refusal with the request (<see cref="Postpone{T}"/>) and parses on with a stand-in value that nothing runs with:
/// the pipeline throws it as soon as the caller is authorized (<see cref="ThrowIfAny"/>), before limits and handlers.
/// </summary>
internal static class RefusalAfterAuthorization
{
    private static readonly object ItemKey = new();

    /// <summary><paramref name="parse"/>'s value; when it refuses the request, <paramref name="standIn"/>, the (first) refusal kept for after authorization.</summary>
    public static T Postpone<T>(HttpContext context, Func<T> parse, T standIn)
    {
        try
        {
            return parse();
        }
        catch (DialectException refusal)
        {
            context.Items.TryAdd(ItemKey, ExceptionDispatchInfo.Capture(refusal));
            return standIn;
        }
    }

    /// <summary>Throws the refusal the parser postponed, if any: called once the caller is authorized.</summary>
    public static void ThrowIfAny(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var refusal) && refusal is ExceptionDispatchInfo postponed)
        {
            postponed.Throw();
        }
    }
}

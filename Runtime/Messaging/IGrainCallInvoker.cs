using System.Reflection;

namespace Orleans.Multipart.Runtime.Messaging;

/// <summary>
/// The one path every grain call takes. The in-process invoker delivers to a local activation; a
/// cluster invoker can decide the owner silo and forward instead, without changing callers.
/// </summary>
public interface IGrainCallInvoker
{
    /// <summary>Invokes <paramref name="method"/> (a grain interface method) and returns its result, or null for a plain Task.</summary>
    Task<object?> InvokeAsync(GrainId target, MethodInfo method, object?[] arguments, CancellationToken cancellationToken = default);
}

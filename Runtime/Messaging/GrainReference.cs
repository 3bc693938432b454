using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Multipart.Runtime.Messaging;

/// <summary>
/// The proxy behind every grain reference: it turns an interface call into one
/// <see cref="IGrainCallInvoker.InvokeAsync"/> and the boxed result back into the declared Task type.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<Task<object?>, object>> Converters = new();
    private IGrainCallInvoker _invoker = null!;

    public GrainId GrainId { get; private set; }

    internal void Initialize(GrainId id, IGrainCallInvoker invoker)
    {
        GrainId = id;
        _invoker = invoker;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Name switch
            {
                nameof(ToString) => GrainId.ToString(),
                nameof(GetHashCode) => GrainId.GetHashCode(),
                _ => throw new NotSupportedException(targetMethod.Name),
            };
        }

        var call = _invoker.InvokeAsync(GrainId, targetMethod, args ?? []);
        return Converters.GetOrAdd(targetMethod, CreateConverter)(call);
    }

    private static Func<Task<object?>, object> CreateConverter(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return static t => t;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var convert = typeof(GrainReference)
                .GetMethod(nameof(ConvertTask), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return convert.CreateDelegate<Func<Task<object?>, object>>();
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType}.{method.Name} must return Task or Task<T>.");
    }

    private static object ConvertTask<T>(Task<object?> task) => Cast<T>(task);

    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}

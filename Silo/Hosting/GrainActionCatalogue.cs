using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// What the access filter checks on a grain method: null for methods outside the service's grain
/// interfaces (Orleans' own, the dashboard's: membership, reminders and management keep working), else
/// the method's <see cref="GrainActionAttribute"/>, or <see cref="GrainActionRule.AdministratorsOnly"/> for a
/// service method without one (account administration, key resolution, the service-wide bucket list, and
/// the copies, which read another key's object). Read once per method, then a dictionary lookup.
/// </summary>
internal static class GrainActionCatalogue
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainActionRule?> Rules = new();

    public static GrainActionRule? For(MethodInfo interfaceMethod) => Rules.GetOrAdd(interfaceMethod, Read);

    private static GrainActionRule? Read(MethodInfo method)
    {
        if (method.DeclaringType?.Namespace?.StartsWith("Orleans.Multipart", StringComparison.Ordinal) != true)
        {
            return null;
        }

        return method.GetCustomAttribute<GrainActionAttribute>() is { } action
            ? new GrainActionRule(action.Action, action.Resource)
            : GrainActionRule.AdministratorsOnly;
    }
}

/// <summary>The action of a grain method and where its bucket is; <see cref="Action"/> null: administrators only.</summary>
internal sealed record GrainActionRule(string? Action, GrainActionResource Resource)
{
    public static readonly GrainActionRule AdministratorsOnly = new(null, GrainActionResource.Service);
}

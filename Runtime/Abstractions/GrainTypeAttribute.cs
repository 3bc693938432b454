namespace Orleans.Multipart.Runtime;

/// <summary>
/// The stable type name of a grain interface, used in grain IDs, in the reminder table and (later) on
/// the wire. Stable across renames of the implementation class.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

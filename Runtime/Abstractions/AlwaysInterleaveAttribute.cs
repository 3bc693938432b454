namespace Orleans.Multipart.Runtime;

/// <summary>
/// Marks a read-only grain method that may run while another call holds the activation's turn,
/// as Orleans' attribute of the same name. Use only on methods that neither mutate state nor await
/// anything that assumes exclusive access.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

using System.Collections.Frozen;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Every operation the service runs, declared once per feature (Features/&lt;feature&gt;/*Operations.cs add their rows
/// as parts of this class): the pipeline finds a parsed operation's row with one lookup by its type, records its
/// action, checks its limits and runs its handler. A dialect only binds requests to these operations and renders results.
/// </summary>
internal static partial class OperationCatalogue
{
    private static readonly FrozenDictionary<Type, OperationDescriptor> Rows =
        new[] { Buckets, Listings, Multipart, Objects, Copy, Cors, Encryption, Checksums, Access, Lifecycle, Tagging, Versioning }
            .SelectMany(feature => feature)
            .ToFrozenDictionary(row => row.Type);

    /// <summary>Every row, for tests and for the access-control check's table.</summary>
    public static IEnumerable<OperationDescriptor> All => Rows.Values;

    /// <summary>The row of <paramref name="operation"/>; the error catalogue's not-served row when none declares it.</summary>
    public static OperationDescriptor Of(Operation operation) =>
        Rows.TryGetValue(operation.GetType(), out var row) ? row : throw Errors.NotServed(operation.Name);

}

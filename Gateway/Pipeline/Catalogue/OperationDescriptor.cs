namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// One row of the <see cref="OperationCatalogue"/>: an operation's typed request (<see cref="Type"/>), the
/// S3 IAM action a caller needs for it (<see cref="Action"/>: <c>s3:PutObject</c>, <c>s3:ListMultipartUploadParts</c>, ...),
/// its handler (the grain calls, through the <see cref="OperationExecutor"/>'s <see cref="ObjectFrontend"/>) and its limits.
/// Built once at start; a request costs one lookup and a delegate call, no reflection.
/// </summary>
internal sealed class OperationDescriptor
{
    private readonly Func<OperationExecutor, HttpContext, Operation, Task<OperationResult>> _handler;
    private readonly Action<Operation, DialectLimits>? _limits;

    private OperationDescriptor(Type type, string action, Func<OperationExecutor, HttpContext, Operation, Task<OperationResult>> handler, Action<Operation, DialectLimits>? limits, string? versionAction = null)
    {
        Type = type;
        Action = action;
        VersionAction = versionAction;
        _handler = handler;
        _limits = limits;
    }

    /// <summary>The operation record this row describes.</summary>
    public Type Type { get; }

    /// <summary>The one IAM action name (AWS's) that authorizes the operation.</summary>
    public string Action { get; }

    /// <summary>The action that authorizes the operation when it names a version (<see cref="INamesVersion"/>); null: <see cref="Action"/> always.</summary>
    public string? VersionAction { get; }

    /// <summary>This row, authorized by <paramref name="versionAction"/> (AWS's, e.g. s3:GetObjectVersion) when the request names a version.</summary>
    public OperationDescriptor WhenVersionNamed(string versionAction) => new(Type, Action, _handler, _limits, versionAction);

    /// <summary>The action <paramref name="operation"/> needs: <see cref="VersionAction"/> when it names a version, else <see cref="Action"/>.</summary>
    public string ActionFor(Operation operation) =>
        VersionAction is { } versionAction && operation is INamesVersion { VersionId: not null } ? versionAction : Action;

    /// <summary>Declares an operation: <typeparamref name="T"/> is served by <paramref name="handler"/> for callers allowed <paramref name="action"/>, after <paramref name="limits"/> (if any) passed.</summary>
    public static OperationDescriptor For<T>(string action, Func<OperationExecutor, HttpContext, T, Task<OperationResult>> handler, Action<T, DialectLimits>? limits = null)
        where T : Operation =>
        new(typeof(T), action, (executor, context, operation) => handler(executor, context, (T)operation), limits is null ? null : (operation, dialect) => limits((T)operation, dialect));

    /// <summary>Refuses what the operation's limits forbid in the dialect (DialectException).</summary>
    public void CheckLimits(Operation operation, DialectLimits limits) => _limits?.Invoke(operation, limits);

    public Task<OperationResult> ExecuteAsync(OperationExecutor executor, HttpContext context, Operation operation) => _handler(executor, context, operation);
}

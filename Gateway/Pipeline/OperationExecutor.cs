namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Runs an operation against the grains and the blob store, the same for every dialect and whether the
/// grains live in this process or behind a cluster client (it only knows <see cref="IGrainFactory"/>
/// and <see cref="Storage.IBlobStore"/>, through <see cref="ObjectFrontend"/>).
/// </summary>
internal sealed partial class OperationExecutor(ObjectFrontend frontend, IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _gateway = options.Value;

    /// <summary>The grains and the blob store, for the catalogue's handlers.</summary>
    internal ObjectFrontend Frontend => frontend;

    /// <summary>Runs <paramref name="operation"/> by its catalogue row (the pipeline looks the row up itself, to record its action first).</summary>
    public Task<OperationResult> ExecuteAsync(HttpContext context, Operation operation) => OperationCatalogue.Of(operation).ExecuteAsync(this, context, operation);

    internal static async Task<OperationResult> DoneAsync(Operation operation, Task call)
    {
        await call;
        return new Done(operation);
    }

    internal async Task<BucketInfo> ExistingBucketAsync(string bucket) =>
        await frontend.Bucket(bucket).Describe() ?? throw MultipartError.NoSuchBucket.Error();
}

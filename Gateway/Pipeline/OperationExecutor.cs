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

    /// <summary>Unsigned requests may write (never read or change ACLs) in a bucket marked anonymous-writable.</summary>
    public async Task<Caller> AnonymousAsync(string method, RequestTarget target)
    {
        var write = HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsDelete(method);
        if (write && target.Bucket is not null && target.Key.Length > 0
            && await frontend.Bucket(target.Bucket).Describe() is { AnonymousWrite: true })
        {
            return Caller.Anonymous;
        }

        throw new DialectException(MultipartError.AccessDenied, "Access Denied: sign the request, or write to a bucket that allows anonymous writes.");
    }

    internal static async Task<OperationResult> DoneAsync(Operation operation, Task call)
    {
        await call;
        return new Done(operation);
    }

    internal async Task<BucketInfo> ExistingBucketAsync(string bucket) =>
        await frontend.Bucket(bucket).Describe() ?? throw MultipartError.NoSuchBucket.Error();
}

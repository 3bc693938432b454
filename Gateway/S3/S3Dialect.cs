using System.Security.Cryptography;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The s3 dialect (JD Cloud OSS's S3-compatible API, seed 001; AWS S3 REST): path-style and
/// virtual-host addressing, SigV4 (and SigV2), S3's XML and errors.
/// </summary>
internal sealed class S3Dialect(ICredentialStore credentials, SigV4Verifier verifier, SigV2Verifier sigV2Verifier, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<S3Options> options, ObjectFrontend? frontend = null) : ICorsDialect
{
    /// <summary>Stands for a POST Object form's signer until the form's fields are read (<see cref="ParseAsync"/> verifies them).</summary>
    private static readonly Caller FormSigner = new("(POST Object policy)", Principal.Anonymous);

    /// <summary>An unsigned request: S3 serves what a bucket or object grants to everyone (AllUsers) and answers AccessDenied to the rest, after authorization; its body is read as sent.</summary>
    internal static readonly S3Caller AnonymousCaller = new(Caller.Anonymous.AccessKey, Principal.Anonymous, new SigV4Context("", [], "", "", "", PayloadMode.Unsigned, null));

    private readonly S3FormUpload _forms = new(credentials, verifier, sigV2Verifier, time);
    /// <summary>S3 answers a part number out of 1..10,000 with InvalidArgument either way.</summary>
    public static readonly DialectLimits WireLimits = new(BucketNameRules.S3, 1, MultipartError.InvalidArgument, MultipartError.InvalidArgument);

    private readonly S3Parser _parser = new(gateway.Value);
    private readonly S3Renderer _renderer = new(options.Value);

    public string Name => DialectNames.S3;

    public IReadOnlyList<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    public DialectLimits Limits => WireLimits;

    public void StartResponse(HttpContext context, string requestId)
    {
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        context.Response.Headers.Server = "Orleans.Multipart";
    }

    public Caller? Authenticate(HttpContext context, RequestTarget target)
    {
        // POST Object (an HTML form upload) carries its signature in the form's fields, read with the
        // operation: the form is verified there, before a byte of its file is stored.
        if (S3FormUpload.Applies(context.Request, target))
        {
            return FormSigner;
        }

        if (IsUnsigned(context.Request, target))
        {
            return AnonymousCaller;
        }

        var signature = SigV2Verifier.Applies(context.Request, target)
            ? sigV2Verifier.Verify(context.Request, target)
            : verifier.Verify(context.Request, target);
        // The verifier has just found the key: its principal comes from the same cache.
        var principal = credentials.Find(signature.AccessKey)?.Principal ?? throw MultipartError.InvalidAccessKey.Error();
        return new S3Caller(signature.AccessKey, principal, signature);
    }

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget target, Caller caller) =>
        ReferenceEquals(caller, FormSigner) && S3FormUpload.Applies(context.Request, target)
            ? FormAsync(context, target)
            : _parser.ParseAsync(context, target, caller);

    private async ValueTask<Operation> FormAsync(HttpContext context, RequestTarget target)
    {
        var (put, signer) = await _forms.ParseAsync(context, target.Bucket!);
        VerifiedFormSigner.Set(context, signer); // the pipeline authorizes the PutObject for the form's signer
        return put;
    }

    /// <summary>No signature of any kind: no Authorization header and none of SigV4's or SigV2's query parameters.</summary>
    private static bool IsUnsigned(HttpRequest request, RequestTarget target) =>
        request.Headers.Authorization.Count == 0
        && target.Get("X-Amz-Algorithm") is null && target.Get("X-Amz-Credential") is null && target.Get("X-Amz-Signature") is null
        && target.Get("AWSAccessKeyId") is null && target.Get("Signature") is null;

    public async Task RenderAsync(HttpContext context, Caller caller, OperationResult result)
    {
        if (frontend is not null)
        {
            // Lifecycle: the rule that expires the object or aborts the upload (absent in the unit tests' bare dialect).
            await S3LifecycleHeaders.AddAsync(context.Response, result, frontend.LifecycleRules);
        }

        await _renderer.RenderAsync(context, caller, result);
    }

    public Task WriteErrorAsync(HttpContext context, ErrorDocument error) => S3Renderer.WriteErrorAsync(context, error);

    /// <summary>
    /// A GET or HEAD of a missing key says it is not a delete marker: buckets here are unversioned, so a
    /// missing key never is one (ceph/s3-tests test_delete_marker_nonversioned reads the header off the 404).
    /// </summary>
    public void AddErrorHeaders(HttpResponse response, MultipartError error, Operation? operation)
    {
        if (error == MultipartError.NoSuchKey && operation is GetObject or GetObjectAttributes)
        {
            response.Headers["x-amz-delete-marker"] = "false";
        }
    }
}

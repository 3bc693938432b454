using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>
/// The admin HTTP API under <see cref="AdminOptions.Path"/>: accounts, access keys, buckets (with their owners, grants
/// and policies) and open uploads, as JSON. Every request is first checked (the port, when <see cref="AdminOptions.Port"/>
/// is set; a SigV4 signature by an administrator's key), then acts for that administrator in every grain call
/// (<see cref="CallerContext"/>). Changes write one audit line each (<see cref="AdminAudit"/>). Errors are
/// <c>{ "error": code, "message": ... }</c>: 400 bad input, 403 not an administrator, 404, 409, 503 while the cluster
/// or the database is unavailable.
/// </summary>
internal sealed partial class AdminApi
{
    /// <summary>The largest admin request body: documents (a policy, grants) are small.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly IGrainFactory _grains;
    private readonly AdminSignatureVerifier _verifier;
    private readonly AdminOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _audit;
    private readonly IReadOnlyList<AdminRoute> _routes;

    public AdminApi(IGrainFactory grains, AdminSignatureVerifier verifier, IOptions<AdminOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _grains = grains;
        _verifier = verifier;
        _options = options.Value;
        _time = time;
        _audit = loggers.CreateLogger(AdminAudit.Category);
        _routes =
        [
            new("GET", "accounts", null, ListAccounts),
            new("POST", "accounts", "account.create", CreateAccount),
            new("GET", "accounts/{id}", null, GetAccount),
            new("POST", "accounts/{id}/disable", "account.disable", call => SetAccountState(call, AccountState.Disabled)),
            new("POST", "accounts/{id}/enable", "account.enable", call => SetAccountState(call, AccountState.Active)),
            new("DELETE", "accounts/{id}", "account.delete", DeleteAccount),
            new("GET", "keys", null, ListKeys),
            new("POST", "keys", "key.create", CreateKey),
            new("GET", "keys/{key}", null, GetKey),
            new("POST", "keys/{key}/disable", "key.disable", call => SetKeyState(call, AccessKeyState.Disabled)),
            new("POST", "keys/{key}/enable", "key.enable", call => SetKeyState(call, AccessKeyState.Active)),
            new("POST", "keys/{key}/rotate", "key.rotate", RotateKey),
            new("DELETE", "keys/{key}", "key.delete", DeleteKey),
            new("GET", "buckets", null, ListBuckets),
            new("POST", "buckets", "bucket.create", CreateBucket),
            new("GET", "buckets/{bucket}", null, GetBucket),
            new("PUT", "buckets/{bucket}/owner", "bucket.chown", ChownBucket),
            new("DELETE", "buckets/{bucket}", "bucket.delete", DeleteBucket),
            new("GET", "buckets/{bucket}/grants", null, GetGrants),
            new("PUT", "buckets/{bucket}/grants", "bucket.grants.set", SetGrants),
            new("GET", "buckets/{bucket}/policy", null, GetPolicy),
            new("PUT", "buckets/{bucket}/policy", "bucket.policy.set", SetPolicy),
            new("DELETE", "buckets/{bucket}/policy", "bucket.policy.delete", DeletePolicy),
            new("GET", "uploads", null, ListUploads),
            new("POST", "uploads/abort", "upload.abort", AbortUpload),
        ];
    }

    public IReadOnlyList<AdminRoute> Routes => _routes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (_options.Port is { } port && context.Connection.LocalPort != port)
        {
            // As if nothing were here: the admin API is not reachable through this listener.
            await WriteAsync(context, new AdminResult(StatusCodes.Status404NotFound, new ErrorDocument("NotFound", "Not found.")));
            return;
        }

        var segments = (request.Path.Value ?? "")[AdminOptions.Path.Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        Principal? administrator = null;
        AdminRoute? route = null;
        AdminCall? call = null;
        try
        {
            var body = await ReadBodyAsync(request, context.RequestAborted);
            var principal = await _verifier.VerifyAsync(context, body);
            administrator = principal;
            if (!principal.IsAdmin)
            {
                throw AdminException.Denied("AccessDenied", "Only an administrator's key may use the admin API.");
            }

            Dictionary<string, string>? values = null;
            route = _routes.FirstOrDefault(r => (values = r.Match(segments)) is not null && r.Method == request.Method);
            if (route is null)
            {
                throw _routes.Any(r => r.Match(segments) is not null)
                    ? new AdminException(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not served on this path.")
                    : AdminException.NotFound("NoSuchEndpoint", "The admin API has no such endpoint.");
            }

            call = new AdminCall(context, principal, values!, body);
            CallerContext.Set(principal); // every grain call of this request acts for the administrator
            var result = await route.Handler(call);
            if (route.Action is { } action)
            {
                AdminAudit.Change(_audit, principal.AccountId, principal.AccessKeyId ?? "-", action, call.Resource ?? request.Path.Value ?? "", "ok", result.Status);
            }

            await WriteAsync(context, result);
        }
        catch (Exception ex) when (Translate(ex) is { } error)
        {
            if (route?.Action is { } action && administrator is not null)
            {
                AdminAudit.Change(_audit, administrator.AccountId, administrator.AccessKeyId ?? "-", action, call?.Resource ?? request.Path.Value ?? "", error.Code, error.Status);
            }
            else if (error.Status is StatusCodes.Status403Forbidden)
            {
                AdminAudit.Refused(_audit, administrator?.AccountId ?? "-", administrator?.AccessKeyId ?? AccessKeyOf(request), request.Method, request.Path.Value ?? "", error.Code, error.Status);
            }

            await WriteErrorAsync(context, error);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            AdminAudit.Unexpected(_audit, ex, request.Method, request.Path.Value ?? "");
            await WriteErrorAsync(context, new AdminException(StatusCodes.Status500InternalServerError, "InternalError", "The admin request failed unexpectedly; the service log has the details."));
        }
    }

    /// <summary>An error as the admin API answers it: its own, a grain's (the S3 status and code), or 503 for the cluster's and the database's faults.</summary>
    private static AdminException? Translate(Exception ex) => ex switch
    {
        AdminException admin => admin,
        MultipartException mp => FromCatalogue(mp.Error, mp.Message),
        DialectException d => FromCatalogue(d.Error, d.Message),
        _ when TransientFaults.IsTransient(ex) => new AdminException(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The cluster or its database is not answering; retry shortly."),
        BadHttpRequestException or IOException => AdminException.BadRequest("The request body could not be read."),
        _ => null,
    };

    private static AdminException FromCatalogue(MultipartError error, string message)
    {
        var (status, code) = ErrorCatalogue.Describe(DialectNames.S3, error);
        return new AdminException(status, code, message);
    }

    /// <summary>The access key id a refused request named (never more of its Authorization header), for the audit line.</summary>
    private static string AccessKeyOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return "-";
        }

        var credential = authorization[(start + "Credential=".Length)..];
        var slash = credential.IndexOf('/');
        return slash > 0 && slash <= 128 ? credential[..slash] : "-";
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new AdminException(StatusCodes.Status413PayloadTooLarge, "EntityTooLarge", $"An admin request body may hold at most {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new AdminException(StatusCodes.Status413PayloadTooLarge, "EntityTooLarge", $"An admin request body may hold at most {MaxBodyBytes} bytes.");
            }
        }

        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext context, AdminException error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        return WriteAsync(context, new AdminResult(error.Status, new ErrorDocument(error.Code, error.Message)));
    }

    private static async Task WriteAsync(HttpContext context, AdminResult result)
    {
        context.Response.StatusCode = result.Status;
        context.Response.Headers.CacheControl = "no-store";
        if (result.RawJson is { } raw)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw);
        }
        else if (result.Document is { } document)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, document, document.GetType(), AdminDocuments.Json);
        }
    }
}

using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The s3 dialect's ACL and policy routes: Get/PutBucketAcl and Get/PutObjectAcl (<c>?acl</c>, AccessControlPolicy XML or
/// the ACL headers), Get/Put/DeleteBucketPolicy (<c>?policy</c>, the JSON as written) and GetBucketPolicyStatus
/// (<c>?policyStatus</c>); and the ACL headers of the writes that create a bucket or an object.
/// </summary>
internal sealed partial class S3Parser
{
    /// <summary>AWS's limit on a bucket policy document.</summary>
    private const int MaxPolicyBytes = 20 * 1024;

    private IEnumerable<Route> AccessRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("acl"), async r => new PutBucketAcl(r.Bucket, await AclOfAsync(r))),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("acl"), r => new GetBucketAcl(r.Bucket)),
        Route.OnAsync(RouteScope.Object, HttpMethods.IsPut, r => r.Has("acl"), async r => new PutObjectAcl(r.Bucket, r.Key, await AclOfAsync(r)) { VersionId = NamedVersion(r) }),
        Route.On(RouteScope.Object, HttpMethods.IsGet, r => r.Has("acl"), r => new GetObjectAcl(r.Bucket, r.Key) { VersionId = NamedVersion(r) }),
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("policy"), async r => new PutBucketPolicy(r.Bucket, BucketPolicy.Parse(await PolicyTextAsync(r.Context), r.Bucket))),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("policy"), r => new GetBucketPolicy(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => r.Has("policy"), r => new DeleteBucketPolicy(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("policyStatus"), r => new GetBucketPolicyStatus(r.Bucket)),
    ];

    /// <summary>PutBucketAcl / PutObjectAcl: the ACL headers or an AccessControlPolicy body, exactly one of them.</summary>
    private async Task<AclRequest> AclOfAsync(RouteRequest r)
    {
        var headers = S3AclHeaders.Read(r.Request, r.Target);
        var hasBody = r.Request.ContentLength > 0 || (r.Request.ContentLength is null && r.Request.Headers.TransferEncoding.Count > 0);
        if (headers is not null)
        {
            return hasBody ? throw S3Errors.InvalidRequest("Specify an ACL by its headers or by an AccessControlPolicy document, not both.") : headers;
        }

        return hasBody
            ? AccessControlPolicyOf(await RequestDocument.ReadXmlAsync(r.Context, _limits with { MaxBytes = 64 * 1024 }))
            : throw S3Errors.InvalidRequest("Your request was missing a required header: x-amz-acl, an x-amz-grant-* header or an AccessControlPolicy document.");
    }

    /// <summary>
    /// An AccessControlPolicy document's grants (its Owner is not read: a resource's owner never changes through its ACL).
    /// MalformedACLError for a document of the wrong shape; grantees as <see cref="S3Grantees"/> reads them.
    /// </summary>
    internal static AclRequest AccessControlPolicyOf(XElement root)
    {
        if (root.Name.LocalName != "AccessControlPolicy" || root.Children("AccessControlList").FirstOrDefault() is not { } list)
        {
            throw MultipartError.MalformedAcl.Error();
        }

        var grants = new List<Grant>();
        foreach (var grant in list.Children("Grant"))
        {
            var grantee = grant.Children("Grantee").FirstOrDefault() ?? throw MultipartError.MalformedAcl.Error();
            var permission = S3Grantees.Permission(grant.Child("Permission")?.Trim()) ?? throw MultipartError.MalformedAcl.Error();
            grants.Add(new Grant(GranteeOf(grantee), permission));
        }

        return new AclRequest(grants);
    }

    private static Grantee GranteeOf(XElement grantee)
    {
        // The type is an xsi:type attribute; a Grantee without one is read by what it carries (an ID or a URI).
        var type = grantee.Attribute(XName.Get("type", S3Grantees.XsiNamespace))?.Value
            ?? (grantee.Child("ID") is not null ? "CanonicalUser" : grantee.Child("URI") is not null ? "Group" : null);
        return type switch
        {
            "CanonicalUser" => Grantee.Account(grantee.Child("ID")?.Trim() is { Length: > 0 } id ? id : throw MultipartError.MalformedAcl.Error()),
            "Group" => S3Grantees.Group(grantee.Child("URI")?.Trim() ?? throw MultipartError.MalformedAcl.Error()),
            "AmazonCustomerByEmail" => throw S3Grantees.UnresolvableEmail(),
            _ => throw MultipartError.MalformedAcl.Error(),
        };
    }

    private Task<string> PolicyTextAsync(HttpContext context) => PolicyText.ReadAsync(context, _limits with { MaxBytes = MaxPolicyBytes });

    /// <summary>
    /// A write that creates a bucket or an object takes the ACL its headers ask for: resolved here for the writer's
    /// account (the bucket's owner read from its grain only for bucket-owner-read / -full-control), kept with the
    /// object's settings (an upload's become the object's on Complete; a copy's replace the source's). A bucket's is
    /// resolved by CreateBucket's handler, once the bucket is created. Other operations ignore the headers, as S3 does.
    /// </summary>
    private static async ValueTask<Operation> WithRequestedAclAsync(ValueTask<Operation> bound, HttpContext context, RequestTarget t, Caller caller)
    {
        var operation = await bound;
        if (operation is not (Pipeline.PutObject or InitiateUpload or CopyObject or CreateBucket))
        {
            return operation;
        }

        var requested = S3AclHeaders.Read(context.Request, t);
        if (operation is CreateBucket create)
        {
            return create with { Acl = requested };
        }

        // The parser has no grain factory of its own: the frontend is the process's one.
        var frontend = context.RequestServices.GetRequiredService<ObjectFrontend>();
        var acl = await OperationExecutor.WriteAclAsync(frontend, t.Bucket!, caller.Principal.AccountId, requested);
        return operation switch
        {
            Pipeline.PutObject put => put with { Settings = put.Settings with { Acl = acl } },
            InitiateUpload initiate => initiate with { Settings = initiate.Settings with { Acl = acl } },
            CopyObject copy => copy with { Source = copy.Source with { Acl = acl } },
            _ => operation,
        };
    }
}

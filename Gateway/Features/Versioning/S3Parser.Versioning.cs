namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    /// <summary>The s3 dialect's routes of the versioning feature: bucket versioning and object versions (<c>?versioning</c>, <c>?versions</c>, <c>versionId</c>).</summary>
    private IEnumerable<Route> VersioningRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("versioning"), async r => await PutBucketVersioningAsync(r.Context, r.Bucket)),
        Route.On(RouteScope.Object, m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m), OnlyVersionId, r => GetObject(r.Request, r.Bucket, r.Key, r.Target) with { VersionId = r.Get("versionId") }),
        Route.On(RouteScope.Object, HttpMethods.IsDelete, OnlyVersionId, r => new DeleteObject(r.Bucket, r.Key) { VersionId = r.Get("versionId") }),
    ];

    /// <summary>The version a sub-resource request (<c>?tagging</c>, <c>?acl</c>) names with <c>versionId</c>, checked; null: none named.</summary>
    private static string? NamedVersion(RouteRequest request) =>
        request.Get("versionId") is { } versionId ? OperationExecutor.CheckedVersionId(versionId) : null;

    /// <summary>The request names a version (<c>?versionId=</c>) and no other sub-resource: the plain object operation on that version.</summary>
    private static bool OnlyVersionId(RouteRequest request) => request.Has("versionId") && S3SubResources.NoneBut(request.Target, "versionId");

    /// <summary>A VersioningConfiguration document: Status Enabled or Suspended (S3 refuses anything else as MalformedXML); MfaDelete Enabled is not served.</summary>
    private async Task<PutBucketVersioning> PutBucketVersioningAsync(HttpContext context, string bucket)
    {
        var root = await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = 16 * 1024 });
        if (root.Name.LocalName != "VersioningConfiguration")
        {
            throw S3Errors.MalformedXml();
        }

        if (root.Child("MfaDelete") is { } mfa && mfa.Trim() == "Enabled")
        {
            throw S3Errors.NotImplemented("MfaDelete Enabled (MFA delete)");
        }

        return root.Child("Status")?.Trim() switch
        {
            "Enabled" => new PutBucketVersioning(bucket, BucketVersioning.Enabled),
            "Suspended" => new PutBucketVersioning(bucket, BucketVersioning.Suspended),
            _ => throw S3Errors.MalformedXml(),
        };
    }
}

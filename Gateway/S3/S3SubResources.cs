namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// Every sub-resource S3's REST API names (a query parameter that selects an operation, not a
/// parameter of one), with the feature it belongs to. The parser routes the ones this dialect serves;
/// any other one present makes the request 501 NotImplemented naming it. Without the table an
/// unserved one fell through to the plain operation (<c>GET /bucket?policyStatus</c> answered a listing).
/// <c>uploadId</c> and <c>partNumber</c> are not here: they are parameters of the upload and read operations,
/// which are routed by them first.
/// </summary>
internal static class S3SubResources
{
    private static readonly Dictionary<string, string> Features = new(StringComparer.Ordinal)
    {
        ["accelerate"] = "transfer acceleration",
        ["acl"] = "access control lists",
        ["analytics"] = "storage class analysis",
        ["attributes"] = "object attributes",
        ["cors"] = "CORS configuration",
        ["delete"] = "multi-object delete",
        ["encryption"] = "default encryption",
        ["intelligent-tiering"] = "intelligent tiering",
        ["inventory"] = "inventory configuration",
        ["legal-hold"] = "object lock legal holds",
        ["lifecycle"] = "lifecycle configuration",
        ["location"] = "bucket location",
        ["logging"] = "server access logging",
        ["metadataConfiguration"] = "S3 Metadata",
        ["metadataTable"] = "S3 Metadata",
        ["metrics"] = "request metrics",
        ["notification"] = "event notifications",
        ["object-lock"] = "object lock",
        ["ownershipControls"] = "object ownership",
        ["policy"] = "bucket policies",
        ["policyStatus"] = "bucket policy status",
        ["publicAccessBlock"] = "block public access",
        ["renameObject"] = "object rename",
        ["replication"] = "replication",
        ["requestPayment"] = "requester pays",
        ["restore"] = "restoring archived objects",
        ["retention"] = "object lock retention",
        ["select"] = "S3 Select",
        ["session"] = "directory bucket sessions",
        ["tagging"] = "tagging",
        ["torrent"] = "BitTorrent",
        ["uploads"] = "multipart uploads",
        ["versionId"] = "object versions",
        ["versioning"] = "versioning",
        ["versions"] = "object versions",
        ["website"] = "static website hosting",
    };

    /// <summary>True when the query names no sub-resource: the request is the plain operation of its method (GET Object, PUT Object, ListObjects...).</summary>
    public static bool NoneIn(RequestTarget t) => !t.Query.Any(p => Features.ContainsKey(p.Key));

    /// <summary>501 NotImplemented naming the sub-resource(s) the request selects (or its query, when it names none).</summary>
    public static DialectException NotServed(string method, RequestTarget t, string target)
    {
        var named = t.Query.Select(p => p.Key).Where(Features.ContainsKey).Distinct().ToList();
        var what = named.Count > 0
            ? string.Join(", ", named.Select(n => $"{method} ?{n} on {target} ({Features[n]})"))
            : $"{method} on {target} with ?{string.Join('&', t.Query.Select(p => p.Key))}";
        return S3Errors.NotImplemented(what);
    }

    // Versioning (issue 23).

    /// <summary>True when the query names no sub-resource but <paramref name="allowed"/> (a version of the plain operation: <c>?versionId=</c>).</summary>
    public static bool NoneBut(RequestTarget t, string allowed) => !t.Query.Any(p => p.Key != allowed && Features.ContainsKey(p.Key));
}

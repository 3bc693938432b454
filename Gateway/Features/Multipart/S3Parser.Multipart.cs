using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's multipart routes: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
internal sealed partial class S3Parser
{
    private IEnumerable<Route> MultipartRoutes() =>
    [
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("uploads"), r => ListUploads(r.Bucket, r.Target)),
        Route.On(RouteScope.Object, HttpMethods.IsPost, r => r.Has("uploads"), r => Initiate(r.Request, r.Bucket, r.Key)),
        Route.On(RouteScope.Object, HttpMethods.IsPut, r => r.Get("uploadId") is not null || r.Has("partNumber"), r => UploadPart(r.Request, r.Bucket, r.Key, r.Target, r.Caller)),
        Route.OnAsync(RouteScope.Object, HttpMethods.IsPost, r => r.Get("uploadId") is not null, async r => await CompleteAsync(r.Context, r.Bucket, r.Key, r.Get("uploadId")!)),
        Route.On(RouteScope.Object, HttpMethods.IsDelete, r => r.Get("uploadId") is not null, r => new AbortUpload(r.Bucket, r.Key, r.Get("uploadId")!)),
        Route.On(RouteScope.Object, HttpMethods.IsGet, r => r.Get("uploadId") is not null, r => ListParts(r.Bucket, r.Key, r.Get("uploadId")!, r.Target)),
    ];

    private static ListUploads ListUploads(string bucket, RequestTarget t)
    {
        var encoding = UrlEncoding(t) ? "url" : null;
        return new ListUploads(bucket, new UploadListingRequest(
            t.Get("prefix") ?? "",
            NullIfEmpty(t.Get("delimiter")),
            NullIfEmpty(t.Get("key-marker")),
            NullIfEmpty(t.Get("upload-id-marker")),
            ParseInt(t.Get("max-uploads"), 1000, 0, 1000, "max-uploads")), encoding);
    }

    private static UploadPart UploadPart(HttpRequest request, string bucket, string key, RequestTarget t, Caller caller)
    {
        var uploadId = t.Get("uploadId");
        var partText = t.Get("partNumber");
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw S3Errors.InvalidArgument("UploadPart needs both partNumber and uploadId.");
        }

        return new UploadPart(bucket, key, uploadId, S3Dialect.WireLimits.ServicePartNumber(partText), new S3Body(S3Caller.SignatureOf(caller)!), S3Encryption.CustomerKey(request.Headers));
    }

    private async Task<CompleteUpload> CompleteAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        var conditions = ReadConditions(context.Request);
        var root = await RequestDocument.ReadXmlAsync(context, _limits);
        if (root.Name.LocalName != "CompleteMultipartUpload")
        {
            throw S3Errors.MalformedXml();
        }

        var parts = new List<CompletePart>();
        foreach (var part in root.Children("Part"))
        {
            if (!int.TryParse(part.Child("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }

            parts.Add(new CompletePart(number, part.Child("ETag") ?? throw S3Errors.MalformedXml(), PartChecksum(part)));
            if (parts.Count > PartLimits.MaxPartNumber)
            {
                throw S3Errors.MalformedXml();
            }
        }

        var rules = new CompletionRules(gateway.MinPartSize, ExpectedChecksum: ExpectedObjectChecksum(context.Request), RequirePartChecksums: true);
        return new CompleteUpload(bucket, key, uploadId, LastOfEachResentPart(parts), rules, conditions);
    }

    private static ListParts ListParts(string bucket, string key, string uploadId, RequestTarget t)
    {
        var maxParts = ParseInt(t.Get("max-parts"), 1000, 0, 1000, "max-parts");
        var marker = ParseInt(t.Get("part-number-marker"), 0, 0, PartLimits.MaxPartNumber, "part-number-marker");
        return new ListParts(bucket, key, uploadId, marker, maxParts, UrlEncoding(t));
    }

    /// <summary>
    /// A part number listed again right after itself (the part was re-sent and both sends were
    /// listed) counts once, with its last entry, as Ceph RGW does (s3-tests
    /// test_multipart_resend_first_finishes_last); a number that goes back down is still InvalidPartOrder.
    /// </summary>
    private static List<CompletePart> LastOfEachResentPart(List<CompletePart> parts)
    {
        var kept = new List<CompletePart>(parts.Count);
        foreach (var part in parts)
        {
            if (kept.Count > 0 && kept[^1].PartNumber == part.PartNumber)
            {
                kept[^1] = part;
            }
            else
            {
                kept.Add(part);
            }
        }

        return kept;
    }
}

using System.Buffers;
using System.Text.Json;

namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The bucket routes every vendor dialect spells alike: CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation.</summary>
internal static partial class VendorRoutes
{
    private static IEnumerable<Route> BucketRoutes(VendorConventions conventions) =>
    [
        Route.On(RouteScope.Bucket, HttpMethods.IsPut, r => Plain(r, conventions), r => new CreateBucket(r.Bucket, conventions.NewBucketRule)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => Plain(r, conventions), r => new DeleteBucket(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsHead, null, r => new HeadBucket(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("location"), r => new GetBucketLocation(r.Bucket)),
    ];

    /// <summary>
    /// The bucket answers the vendors give alike: CreateBucket and PutBucketAcl 200 with no body, HeadBucket 200; and
    /// GetBucketLocation in each vendor's document (no vendor page shows its body: S3's LocationConstraint, in the vendor's
    /// JSON or WOS's XML namespace, and QingStor's own word for it, the <c>location</c> its bucket listing names).
    /// </summary>
    private static IEnumerable<Rendering> BucketRenderings(VendorSite site) =>
    [
        Rendering.Of<Done>((context, _, _) => VendorSite.Empty(context.Response, 200), done => done.Operation is CreateBucket or PutBucketAcl),
        Rendering.Of<BucketDescribed>((context, _, _) =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        }, described => described.Operation is HeadBucket),
        Rendering.Of<BucketDescribed>((context, _, _) => site.Dialect switch
        {
            // One region, named by none: an empty constraint, as S3 names its default region.
            "wos" => XmlDocumentWriter.WriteAsync(context, 200, "LocationConstraint", Wos.WosDialect.Namespace, w => w.WriteString(site.Region ?? ""), standalone: true),
            "qingstor" => JsonPropertyAsync(context, "location", site.Region ?? ""),
            _ => JsonPropertyAsync(context, "LocationConstraint", site.Region ?? ""),
        }, described => described.Operation is GetBucketLocation),
    ];

    /// <summary>A JSON document of one string property.</summary>
    private static async Task JsonPropertyAsync(HttpContext context, string name, string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory);
    }
}

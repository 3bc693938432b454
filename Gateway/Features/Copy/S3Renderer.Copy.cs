namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// CopyObjectResult and CopyPartResult as AWS documents them: ETag (quoted), then LastModified (ISO 8601);
/// in CopyPartResult the part's checksum (an upload that declared an algorithm) follows LastModified.
/// </summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> CopyRenderings() =>
    [
        Rendering.Of<ObjectCopied>((context, _, copied) => CopiedAsync(context, copied)),
        Rendering.Of<PartCopied>((context, _, copied) => CopiedAsync(context, copied)),
    ];

    private static Task CopiedAsync(HttpContext context, ObjectCopied copied) =>
        Xml(context, "CopyObjectResult", w =>
        {
            w.Element("ETag", Quote(copied.Manifest.ETag));
            w.Element("LastModified", copied.Manifest.LastModified);
        });

    private static Task CopiedAsync(HttpContext context, PartCopied copied) =>
        Xml(context, "CopyPartResult", w =>
        {
            w.Element("ETag", Quote(copied.ETag));
            w.Element("LastModified", copied.LastModified);
            ChecksumXml.WritePart(w, copied.Checksum);
        });
}

namespace Orleans.Multipart.Gateway.S3;

/// <summary>Server-side encryption: the headers S3 answers about how an object or upload is encrypted, and GetBucketEncryption's document.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> EncryptionRenderings() =>
    [
        Rendering.Of<Done>((context, _, _) => Empty(context.Response, 200), done => done.Operation is PutBucketEncryption),
        Rendering.Of<BucketEncryptionRead>((context, _, read) => BucketEncryption(context, read)),
    ];

    /// <summary>x-amz-server-side-encryption (SSE-S3) or the SSE-C algorithm and key MD5, on every response about such an object or upload.</summary>
    private static void EncryptionHeaders(HttpResponse response, OperationResult result)
    {
        switch (result)
        {
            case UploadInitiated initiated:
                S3Encryption.WriteResponseHeaders(response, initiated.Upload.Settings);
                break;
            case PartStored { UploadSettings: { } upload }:
                S3Encryption.WriteResponseHeaders(response, upload);
                break;
            case PartCopied { UploadSettings: { } upload }:
                S3Encryption.WriteResponseHeaders(response, upload);
                break;
            case ObjectStored stored:
                S3Encryption.WriteResponseHeaders(response, stored.Manifest.Settings);
                break;
            case ObjectRead read:
                S3Encryption.WriteResponseHeaders(response, read.Manifest.Settings);
                break;
            case ObjectCopied copied:
                S3Encryption.WriteResponseHeaders(response, copied.Manifest.Settings);
                break;
            case UploadCompleted { Result.Encrypted: true }:
                response.Headers[S3Encryption.Header] = S3Encryption.Aes256;
                break;
        }
    }

    private static Task BucketEncryption(HttpContext context, BucketEncryptionRead read) =>
        Xml(context, "ServerSideEncryptionConfiguration", w => w.Group("Rule", () =>
        {
            w.Group("ApplyServerSideEncryptionByDefault", () => w.Element("SSEAlgorithm", read.Encryption.Algorithm));
            w.Element("BucketKeyEnabled", "false");
        }));
}

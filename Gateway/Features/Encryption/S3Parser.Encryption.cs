using System.Security.Cryptography;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>Server-side encryption: the SSE headers of writes and reads (<see cref="S3Encryption"/>), and the bucket's default (?encryption).</summary>
internal sealed partial class S3Parser
{
    private IEnumerable<Route> EncryptionRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("encryption"), async r => await PutBucketEncryptionAsync(r.Context, r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("encryption"), r => new GetBucketEncryption(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => r.Has("encryption"), r => new DeleteBucketEncryption(r.Bucket)),
    ];

    private static PutObject PutObject(HttpRequest request, string bucket, string key, Caller caller)
    {
        var encryption = WriteEncryption(request);
        return new PutObject(bucket, key, new S3Body(S3Caller.SignatureOf(caller)!, lengthMayBeUnknown: true), encryption.ApplyTo(ReadSettings(request)), ReadConditions(request), encryption.CustomerKey);
    }

    /// <summary>CreateMultipartUpload: the upload keeps the SSE-C key's MD5, which every part's key must match; the key is not needed again until a read.</summary>
    private static InitiateUpload Initiate(HttpRequest request, string bucket, string key) =>
        new(bucket, key, WithUploadChecksum(WriteEncryption(request).ApplyTo(ReadSettings(request)), request));

    /// <summary>
    /// The encryption a write asks for; invalid SSE headers are refused after authorization, as AWS does (a policy may deny
    /// the very value, <c>s3:x-amz-server-side-encryption</c>, and a caller without access learns nothing of its headers).
    /// </summary>
    private static S3WriteEncryption WriteEncryption(HttpRequest request) =>
        RefusalAfterAuthorization.Postpone(request.HttpContext, () => S3Encryption.ForWrite(request.Headers), S3WriteEncryption.None);

    /// <summary>
    /// PutBucketEncryption: one rule whose ApplyServerSideEncryptionByDefault names AES256 (SSE-S3). KMS
    /// algorithms, S3 Bucket Keys and BlockedEncryptionTypes are refused as not implemented rather than ignored.
    /// </summary>
    private async Task<PutBucketEncryption> PutBucketEncryptionAsync(HttpContext context, string bucket)
    {
        var document = await RequestDocument.ReadBytesAsync(context, _limits with { MaxBytes = 64 * 1024 });
        if (PlainBody.ContentMd5(context.Request.Headers["Content-MD5"].ToString()) is { } md5 && !CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(document)))
        {
            throw MultipartError.BadDigest.Error();
        }

        var root = RequestDocument.ParseXml(document, _limits);
        var rules = root.Children("Rule").ToList();
        if (root.Name.LocalName != "ServerSideEncryptionConfiguration" || rules.Count != 1
            || rules[0].Children("ApplyServerSideEncryptionByDefault").SingleOrDefault() is not { } byDefault)
        {
            throw S3Errors.MalformedXml();
        }

        var rule = rules[0];
        var algorithm = byDefault.Child("SSEAlgorithm");
        if (algorithm is "aws:kms" or "aws:kms:dsse")
        {
            throw S3Errors.NotImplemented($"default encryption with AWS KMS keys (SSEAlgorithm {algorithm}); this service has no key management service, use AES256");
        }

        if (algorithm != S3Encryption.Aes256)
        {
            throw S3Errors.MalformedXml();
        }

        if (byDefault.Child("KMSMasterKeyID") is not null)
        {
            throw S3Errors.InvalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse");
        }

        if (rule.Child("BucketKeyEnabled") is { } bucketKey && !bucketKey.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            throw S3Errors.NotImplemented("S3 Bucket Keys (BucketKeyEnabled), an SSE-KMS feature");
        }

        if (rule.Children("BlockedEncryptionTypes").Any())
        {
            throw S3Errors.NotImplemented("BlockedEncryptionTypes");
        }

        return new PutBucketEncryption(bucket, DefaultEncryption.ServiceKey);
    }
}

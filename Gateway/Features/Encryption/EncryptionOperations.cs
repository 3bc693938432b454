namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Sets the bucket's default encryption (S3's PUT /?encryption).</summary>
internal sealed record PutBucketEncryption(string Bucket, DefaultEncryption Encryption) : BucketOperation(Bucket);

/// <summary>Reads the bucket's default encryption (S3's GET /?encryption).</summary>
internal sealed record GetBucketEncryption(string Bucket) : BucketOperation(Bucket);

/// <summary>Removes the bucket's default encryption (S3's DELETE /?encryption).</summary>
internal sealed record DeleteBucketEncryption(string Bucket) : BucketOperation(Bucket);

/// <summary>The bucket's default encryption, for GetBucketEncryption.</summary>
internal sealed record BucketEncryptionRead(GetBucketEncryption Operation, DefaultEncryption Encryption) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Encryption =
    [
        OperationDescriptor.For<PutBucketEncryption>("s3:PutEncryptionConfiguration", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetDefaultEncryption(op.Encryption))),
        OperationDescriptor.For<GetBucketEncryption>("s3:GetEncryptionConfiguration", static (x, _, op) => x.GetBucketEncryptionAsync(op)),

        // AWS has no delete action of its own for default encryption: DeleteBucketEncryption needs s3:PutEncryptionConfiguration.
        OperationDescriptor.For<DeleteBucketEncryption>("s3:PutEncryptionConfiguration", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetDefaultEncryption(null))),
    ];
}

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Sets the bucket's default encryption (S3's PUT /?encryption).</summary>
public sealed record PutBucketEncryption(string Bucket, DefaultEncryption Encryption) : BucketOperation(Bucket);

/// <summary>Reads the bucket's default encryption (S3's GET /?encryption).</summary>
public sealed record GetBucketEncryption(string Bucket) : BucketOperation(Bucket);

/// <summary>Removes the bucket's default encryption (S3's DELETE /?encryption).</summary>
public sealed record DeleteBucketEncryption(string Bucket) : BucketOperation(Bucket);

/// <summary>The bucket's default encryption, for GetBucketEncryption.</summary>
public sealed record BucketEncryptionRead(GetBucketEncryption Operation, DefaultEncryption Encryption) : OperationResult;

namespace Orleans.Multipart;

/// <summary>
/// A bucket's default encryption (S3's PutBucketEncryption): objects written without asking for
/// encryption get it. <see cref="Algorithm"/> is <see cref="Aes256"/>, stored with the service's
/// key at rest (SSE-S3); KMS-managed keys are not offered.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.DefaultEncryption")]
public sealed record DefaultEncryption([property: Id(0)] string Algorithm)
{
    public const string Aes256 = "AES256";

    public static readonly DefaultEncryption ServiceKey = new(Aes256);
}

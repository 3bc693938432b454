using System.Security.Cryptography;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>What an S3 write asks of server-side encryption: the service's key (SSE-S3), a customer's key (SSE-C), or neither.</summary>
internal sealed record S3WriteEncryption(bool ServiceKey, CustomerKey? CustomerKey)
{
    public static readonly S3WriteEncryption None = new(false, null);

    /// <summary>The settings to store: the customer key's MD5 is kept to recognise the key later, never the key.</summary>
    public ObjectSettings ApplyTo(ObjectSettings settings) => settings with
    {
        Encrypted = ServiceKey,
        CustomerAlgorithm = CustomerKey is null ? null : S3Encryption.Aes256,
        CustomerKeyMd5 = CustomerKey?.Md5,
    };
}

/// <summary>
/// The s3 dialect's server-side encryption headers, parsed and validated with AWS's errors. Shared by
/// every operation that takes them (PutObject, CreateMultipartUpload, UploadPart, GetObject/HeadObject,
/// and CopyObject: <see cref="ForWrite"/> for its destination, <see cref="CopySourceCustomerKey"/> for its source).
/// SSE-KMS is refused, never ignored: this service has no key management service.
/// </summary>
internal static class S3Encryption
{
    public const string Aes256 = "AES256";
    public const string Header = "x-amz-server-side-encryption";
    public const string CustomerPrefix = "x-amz-server-side-encryption-customer-";
    public const string CopySourceCustomerPrefix = "x-amz-copy-source-server-side-encryption-customer-";

    private static readonly string[] KmsHeaders =
    [
        "x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-server-side-encryption-context",
    ];

    private const string BucketKeyHeader = "x-amz-server-side-encryption-bucket-key-enabled";

    /// <summary>The encryption a write asks for (x-amz-server-side-encryption or the SSE-C trio). Throws InvalidArgument, InvalidEncryptionAlgorithm, NotImplemented (SSE-KMS).</summary>
    public static S3WriteEncryption ForWrite(IHeaderDictionary headers)
    {
        var method = headers[Header].ToString();
        if (method.StartsWith("aws:kms", StringComparison.Ordinal))
        {
            throw KmsNotImplemented($"{Header}: {method}");
        }

        foreach (var header in KmsHeaders)
        {
            if (headers.ContainsKey(header))
            {
                throw KmsNotImplemented(header);
            }
        }

        // S3 Bucket Keys are an SSE-KMS feature: "false" asks for nothing this service does not do.
        var bucketKey = headers[BucketKeyHeader].ToString();
        if (bucketKey.Length > 0 && !bucketKey.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            throw KmsNotImplemented($"{BucketKeyHeader}: {bucketKey}");
        }

        if (method.Length > 0 && method != Aes256)
        {
            throw S3Errors.InvalidArgument("The encryption method specified is not supported");
        }

        var customer = CustomerKey(headers);
        if (customer is not null && method.Length > 0)
        {
            throw S3Errors.InvalidArgument("Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        }

        return customer is not null ? new S3WriteEncryption(false, customer) : method.Length > 0 ? new S3WriteEncryption(true, null) : S3WriteEncryption.None;
    }

    /// <summary>
    /// A read (GET, HEAD, GetObjectAttributes) that sends x-amz-server-side-encryption or an SSE-KMS header is S3's
    /// 400 InvalidArgument: those headers say how to encrypt a write, and a read names only an SSE-C key.
    /// </summary>
    public static void RefuseWriteHeadersOnRead(IHeaderDictionary headers)
    {
        foreach (var header in KmsHeaders.Prepend(Header).Append(BucketKeyHeader))
        {
            if (headers.ContainsKey(header))
            {
                throw S3Errors.InvalidArgument($"{header} header is not supported for this operation.");
            }
        }
    }

    /// <summary>The request's SSE-C key (x-amz-server-side-encryption-customer-*), null when none is sent.</summary>
    public static CustomerKey? CustomerKey(IHeaderDictionary headers) => CustomerKeyOf(headers, CustomerPrefix);

    /// <summary>The SSE-C key of a copy's source (x-amz-copy-source-server-side-encryption-customer-*), null when none is sent.</summary>
    public static CustomerKey? CopySourceCustomerKey(IHeaderDictionary headers) => CustomerKeyOf(headers, CopySourceCustomerPrefix);

    /// <summary>Sets the headers S3 answers about a stored object's or upload's encryption.</summary>
    public static void WriteResponseHeaders(HttpResponse response, ObjectSettings settings)
    {
        if (settings.Encrypted)
        {
            response.Headers[Header] = Aes256;
        }

        if (settings.CustomerKeyMd5 is { } md5)
        {
            response.Headers[CustomerPrefix + "algorithm"] = settings.CustomerAlgorithm ?? Aes256;
            response.Headers[CustomerPrefix + "key-MD5"] = md5;
        }
    }

    /// <summary>
    /// The SSE-C trio, validated as S3 does. The key is decoded into a buffer that is wiped afterwards; no
    /// message names it (a key that fails to decode is described, never echoed).
    /// </summary>
    private static CustomerKey? CustomerKeyOf(IHeaderDictionary headers, string prefix)
    {
        var algorithm = headers[prefix + "algorithm"].ToString();
        var key = headers[prefix + "key"].ToString();
        var md5 = headers[prefix + "key-MD5"].ToString();
        if (algorithm.Length == 0 && key.Length == 0 && md5.Length == 0)
        {
            return null;
        }

        if (algorithm.Length == 0)
        {
            throw S3Errors.InvalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
        }

        if (algorithm != Aes256)
        {
            throw MultipartError.InvalidEncryptionAlgorithm.Error();
        }

        if (key.Length == 0)
        {
            throw S3Errors.InvalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
        }

        if (md5.Length == 0)
        {
            throw S3Errors.InvalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
        }

        Span<byte> bytes = stackalloc byte[64];
        try
        {
            if (!Convert.TryFromBase64String(key, bytes, out var length) || length != Storage.CustomerKey.Length)
            {
                throw S3Errors.InvalidArgument("The secret key was invalid for the specified algorithm.");
            }

            Span<byte> sent = stackalloc byte[32];
            Span<byte> computed = stackalloc byte[16];
            MD5.HashData(bytes[..length], computed);
            if (!Convert.TryFromBase64String(md5, sent, out var sentLength) || sentLength != 16 || !CryptographicOperations.FixedTimeEquals(sent[..16], computed))
            {
                throw S3Errors.InvalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.");
            }

            return Storage.CustomerKey.FromBytes(bytes[..length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static DialectException KmsNotImplemented(string what) =>
        S3Errors.NotImplemented($"server-side encryption with AWS KMS keys (SSE-KMS, DSSE-KMS, S3 Bucket Keys) is not offered, there is no key management service; use {Header}: {Aes256} (SSE-S3) or SSE-C. Sent: {what}");
}

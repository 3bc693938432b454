using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>AWS Signature Version 2 (the s3 dialect's legacy form), from AWS's documented algorithm, not the gateway's code.</summary>
public static class S3SigV2TestSigner
{
    /// <summary>base64(HMAC-SHA1(SK, UTF-8(StringToSign))).</summary>
    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>S3's URI encoding of a key in a path: RFC 3986 unreserved kept, "/" kept, everything else %XX.</summary>
    public static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
}

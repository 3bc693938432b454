using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Client.Credentials;

/// <summary>
/// The proof a grain call from outside the silos carries in Orleans' <c>RequestContext</c> (key
/// <see cref="Key"/>): the access key that signed it, when, and HMAC-SHA256 under the key's secret of the
/// service, the key, the time and the principal the call names (<see cref="CallerContext"/>), so that a
/// credential cannot be moved to another principal or another service and is refused once it is older
/// than <see cref="MaxAge"/>. The wire form is one string, <c>{unix seconds}:{base64 signature}:{access key id}</c>:
/// a string needs no serializer of its own and costs one allocation per signing window.
/// </summary>
public static class CallCredential
{
    /// <summary>The <c>RequestContext</c> key.</summary>
    public const string Key = "omp.credential";

    /// <summary>How long a signer reuses one credential (one HMAC per window and named principal).</summary>
    public static readonly TimeSpan SigningWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The oldest credential a silo accepts: the signing window plus a minute of clock difference between
    /// machines. A captured credential is worth nothing after this (and is bound to its principal throughout).
    /// </summary>
    public static readonly TimeSpan MaxAge = SigningWindow + TimeSpan.FromMinutes(1);

    /// <summary>How far in the future a credential may be dated (the signer's clock ahead of the silo's).</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(1);

    private const int SignatureBytes = 32;

    /// <summary>The credential string for <paramref name="accessKeyId"/> at <paramref name="unixSeconds"/> naming <paramref name="principal"/>.</summary>
    public static string Create(string serviceId, string accessKeyId, ReadOnlySpan<byte> secret, long unixSeconds, Principal? principal)
    {
        Span<byte> signature = stackalloc byte[SignatureBytes];
        Sign(serviceId, accessKeyId, secret, unixSeconds, principal, signature);
        return $"{unixSeconds}:{Convert.ToBase64String(signature)}:{accessKeyId}";
    }

    /// <summary>Splits a credential string; false when it is not one.</summary>
    public static bool TryParse(string? credential, out long unixSeconds, out ReadOnlySpan<char> signature, out string accessKeyId)
    {
        unixSeconds = 0;
        signature = default;
        accessKeyId = "";
        if (credential is null)
        {
            return false;
        }

        var span = credential.AsSpan();
        var first = span.IndexOf(':');
        if (first <= 0 || !long.TryParse(span[..first], System.Globalization.NumberStyles.None, null, out unixSeconds))
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf(':');
        if (second <= 0 || second == rest.Length - 1)
        {
            return false;
        }

        signature = rest[..second];
        accessKeyId = credential[(first + 1 + second + 1)..];
        return true;
    }

    /// <summary>Whether <paramref name="signature"/> (base64) is the signature of the other values under <paramref name="secret"/> (constant time).</summary>
    public static bool Verify(string serviceId, string accessKeyId, ReadOnlySpan<byte> secret, long unixSeconds, Principal? principal, ReadOnlySpan<char> signature)
    {
        Span<byte> expected = stackalloc byte[SignatureBytes];
        Span<byte> presented = stackalloc byte[SignatureBytes + 4];
        if (!Convert.TryFromBase64Chars(signature, presented, out var written) || written != SignatureBytes)
        {
            return false;
        }

        Sign(serviceId, accessKeyId, secret, unixSeconds, principal, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented[..SignatureBytes]);
    }

    private static void Sign(string serviceId, string accessKeyId, ReadOnlySpan<byte> secret, long unixSeconds, Principal? principal, Span<byte> destination)
    {
        // Newline-separated fields: none of them can hold a newline (ids and account ids are validated),
        // so no two different inputs sign the same text.
        var text = principal is null
            ? $"omp-grain-call-v1\n{serviceId}\n{accessKeyId}\n{unixSeconds}\n-"
            : $"omp-grain-call-v1\n{serviceId}\n{accessKeyId}\n{unixSeconds}\n{principal.AccountId}\n{principal.AccessKeyId}\n{(principal.IsAdmin ? 1 : 0)}";
        var bytes = Encoding.UTF8.GetBytes(text);
        HMACSHA256.HashData(secret, bytes, destination);
    }
}

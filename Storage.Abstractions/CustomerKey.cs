using System.Security.Cryptography;

namespace Orleans.Multipart.Storage;

/// <summary>
/// A caller-supplied AES-256 key (S3's SSE-C). It lives for one request and goes only to the blob store:
/// it has no serializer, so no grain call can carry it, and nothing about it but its MD5 is ever
/// stored, logged or shown (<see cref="ToString"/> names the MD5 only).
/// </summary>
public sealed class CustomerKey
{
    /// <summary>AES-256: 32 bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    private CustomerKey(byte[] key)
    {
        _key = key;
        Md5 = Convert.ToBase64String(MD5.HashData(key));
    }

    /// <summary>The base64 MD5 of the key: what the object's settings keep to recognise it, and what responses echo.</summary>
    public string Md5 { get; }

    /// <summary>The key's bytes, for the cipher.</summary>
    public ReadOnlySpan<byte> Bytes => _key;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> has <see cref="Length"/> bytes.</summary>
    public static CustomerKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == Length ? new CustomerKey(key.ToArray()) : throw new ArgumentException($"A customer key has {Length} bytes.", nameof(key));

    /// <summary>True when this is the key whose MD5 an object's settings recorded.</summary>
    public bool Matches(string? md5) => md5 is not null && string.Equals(md5, Md5, StringComparison.Ordinal);

    public override string ToString() => $"customer key (MD5 {Md5})";
}

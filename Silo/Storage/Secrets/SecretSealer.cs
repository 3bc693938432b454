using System.Security.Cryptography;
using System.Text;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Secrets;

/// <summary>
/// Seals access keys' secrets for the database: AES-256-GCM under the master key, stored as
/// nonce (12 bytes) || ciphertext || tag (16 bytes). The access key id is the associated data, so a sealed
/// secret copied onto another key's row does not open there; a wrong master key or a changed byte fails
/// the tag check and the key is refused (fail closed).
/// </summary>
public sealed class SecretSealer
{
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly byte[] _key;

    public SecretSealer(byte[] masterKey)
    {
        if (masterKey.Length != MasterKeyFile.KeyLength)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        _key = masterKey;
    }

    public byte[] Seal(string accessKeyId, string secretKey)
    {
        var plaintext = Encoding.UTF8.GetBytes(secretKey);
        var sealedSecret = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = sealedSecret.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, plaintext, sealedSecret.AsSpan(NonceLength, plaintext.Length), sealedSecret.AsSpan(NonceLength + plaintext.Length), Encoding.UTF8.GetBytes(accessKeyId));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedSecret;
    }

    /// <summary>The secret; throws <see cref="SealedSecretException"/> when it does not open (another master key, another key's row, a changed byte).</summary>
    public string Open(string accessKeyId, byte[] sealedSecret)
    {
        if (sealedSecret.Length < NonceLength + TagLength)
        {
            throw new SealedSecretException(accessKeyId);
        }

        var length = sealedSecret.Length - NonceLength - TagLength;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(sealedSecret.AsSpan(0, NonceLength), sealedSecret.AsSpan(NonceLength, length), sealedSecret.AsSpan(NonceLength + length), plaintext, Encoding.UTF8.GetBytes(accessKeyId));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SealedSecretException(accessKeyId, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

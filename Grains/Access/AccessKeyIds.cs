using System.Security.Cryptography;

namespace Orleans.Multipart.Grains.Access;

/// <summary>
/// Generated access key ids and secrets, shaped like AWS's so that every client accepts them: an id is 20
/// upper-case letters and digits starting <c>OMP</c>; a secret is 40 random letters and digits (about 238
/// bits, none of the characters some signers or shells treat specially).
/// </summary>
public static class AccessKeyIds
{
    public const string Prefix = "OMP";
    public const int IdLength = 20;
    public const int SecretLength = 40;

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => Prefix + RandomNumberGenerator.GetString(IdAlphabet, IdLength - Prefix.Length);

    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);

    /// <summary>Whether <paramref name="id"/> could be a generated access key id (anything else is unknown without asking the database).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: IdLength } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}

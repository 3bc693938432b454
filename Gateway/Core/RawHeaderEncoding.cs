using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// How the gateway reads and writes user-metadata header values (<c>x-amz-meta-*</c>). A value that is valid
/// UTF-8 is text, decoded as UTF-8 (what curl, the AWS SDKs and boto3 send). A value that is not is kept
/// byte for byte: minio-js 8 sends ISO-8859-1 bytes (<c>caf\xe9</c>), which Kestrel's UTF-8 decoding refused
/// with a bare 400. Each byte of such a value becomes one private-use character, U+F700 + byte (bytes
/// below 0x80 stay ASCII), so that the signature can be checked over the bytes as sent
/// (<see cref="GetBytes(string)"/> turns them back), the value is stored as it came, and it is answered
/// with the same bytes, as MinIO does. A text value that itself holds U+F780..U+F7FF is the one case this
/// cannot tell apart; no client sends those in metadata.
/// </summary>
internal sealed class RawHeaderEncoding : Encoding
{
    private const char RawByteBase = '\uF700';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static readonly RawHeaderEncoding Instance = new();

    /// <summary>Whether the header is user metadata, which may hold bytes that are not UTF-8 (kept and answered as sent).</summary>
    public static bool Applies(string headerName) => headerName.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Kestrel reads every request header through this encoding, so that a header that is not UTF-8 reaches
    /// the gateway instead of being refused with a bare 400 and no log line; outside user metadata such a
    /// header is refused here, in the caller's dialect (InvalidArgument) and in the request log.
    /// </summary>
    public static void EnsureTextHeaders(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            if (!Applies(name) && values.Any(v => v is not null && HoldsRawBytes(v)))
            {
                throw new DialectException(MultipartError.InvalidArgument, $"The {name} header is not valid UTF-8.");
            }
        }
    }

    /// <summary>Whether a decoded value holds bytes that were not UTF-8 (answered byte for byte, not as an RFC 2047 word).</summary>
    public static bool HoldsRawBytes(string value) => value.AsSpan().IndexOfAnyInRange((char)(RawByteBase + 0x80), (char)(RawByteBase + 0xFF)) >= 0;

    /// <summary>The value with each kept byte read as ISO-8859-1 (what minio-js meant by it, and what an error document can show).</summary>
    public static string AsLatin1Text(string value) =>
        HoldsRawBytes(value) ? string.Create(value.Length, value, (span, v) =>
        {
            for (var i = 0; i < v.Length; i++)
            {
                span[i] = IsRawByte(v[i]) ? (char)(v[i] - RawByteBase) : v[i];
            }
        }) : value;

    public override int GetByteCount(char[] chars, int index, int count)
    {
        var total = 0;
        var start = index;
        for (var i = index; i < index + count; i++)
        {
            if (IsRawByte(chars[i]))
            {
                total += StrictUtf8.GetByteCount(chars, start, i - start) + 1;
                start = i + 1;
            }
        }

        return total + StrictUtf8.GetByteCount(chars, start, index + count - start);
    }

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        var written = 0;
        var start = charIndex;
        for (var i = charIndex; i < charIndex + charCount; i++)
        {
            if (IsRawByte(chars[i]))
            {
                written += StrictUtf8.GetBytes(chars, start, i - start, bytes, byteIndex + written);
                bytes[byteIndex + written++] = (byte)(chars[i] - RawByteBase);
                start = i + 1;
            }
        }

        return written + StrictUtf8.GetBytes(chars, start, charIndex + charCount - start, bytes, byteIndex + written);
    }

    public override int GetCharCount(byte[] bytes, int index, int count) =>
        IsUtf8(bytes.AsSpan(index, count)) ? StrictUtf8.GetCharCount(bytes, index, count) : count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        if (IsUtf8(bytes.AsSpan(byteIndex, byteCount)))
        {
            return StrictUtf8.GetChars(bytes, byteIndex, byteCount, chars, charIndex);
        }

        for (var i = 0; i < byteCount; i++)
        {
            var b = bytes[byteIndex + i];
            chars[charIndex + i] = b < 0x80 ? (char)b : (char)(RawByteBase + b);
        }

        return byteCount;
    }

    public override int GetMaxByteCount(int charCount) => StrictUtf8.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => Math.Max(byteCount, StrictUtf8.GetMaxCharCount(byteCount));

    private static bool IsRawByte(char c) => c is >= (char)(RawByteBase + 0x80) and <= (char)(RawByteBase + 0xFF);

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}

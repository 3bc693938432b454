using System.Security.Cryptography;

namespace Orleans.Multipart.Grains;

/// <summary>
/// Upload IDs sort by creation time (48-bit milliseconds, then 80 random bits, as 32 hex digits), so
/// listing uploads by (key, upload ID) is listing them by initiation time as S3 does.
/// </summary>
public static class UploadIds
{
    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)ms;
            ms >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        return Convert.ToHexStringLower(bytes);
    }
}

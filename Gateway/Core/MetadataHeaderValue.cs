using System.Text;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// A stored user-metadata value as a response header. HTTP header values are ASCII, but a client may
/// store any text (UTF-8 in the request); as AWS does, a value that is not printable
/// ASCII goes out as an RFC 2047 encoded word (<c>=?UTF-8?B?...?=</c>), so the object always reads back.
/// A value that arrived as bytes that are not UTF-8 (minio-js's ISO-8859-1) is answered with those same
/// bytes, as MinIO does (see <see cref="RawHeaderEncoding"/>).
/// </summary>
internal static class MetadataHeaderValue
{
    public static string Encode(string value) =>
        RawHeaderEncoding.HoldsRawBytes(value) || value.All(c => c is '\t' or (>= ' ' and <= '~'))
            ? value
            : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
}

using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The request line as the client sent it, for every dialect: the raw path (for the bucket, the key and the signature)
/// and the query parameters in order, decoded. Kestrel's own Path is decoded already and cannot tell
/// <c>%2F</c> from <c>/</c>, so everything here starts from the raw target.
/// </summary>
internal sealed class RequestTarget
{
    private RequestTarget(string rawPath, string decodedPath, List<KeyValuePair<string, string>> query)
    {
        RawPath = rawPath;
        DecodedPath = decodedPath;
        Query = query;
    }

    /// <summary>The path exactly as sent (percent-escapes kept), as SigV2-style signatures sign it.</summary>
    public string RawPath { get; }

    /// <summary>The path with percent-escapes decoded (UTF-8), e.g. <c>/bucket/my key</c>.</summary>
    public string DecodedPath { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public string? Bucket { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>The Host named the bucket (virtual-host addressing); the path is then the key alone.</summary>
    public bool VirtualHosted { get; private set; }

    public bool Has(string name) => Query.Any(p => p.Key == name);

    public string? Get(string name)
    {
        foreach (var p in Query)
        {
            if (p.Key == name)
            {
                return p.Value;
            }
        }

        return null;
    }

    /// <summary>Parses the raw target; <paramref name="virtualHostBucket"/> is the bucket named by the Host, if any.</summary>
    public static RequestTarget Parse(HttpContext context, string? virtualHostBucket)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.PathBase + context.Request.Path + context.Request.QueryString).ToString();
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var authorityEnd = raw.IndexOf('/', raw.IndexOf("//", StringComparison.Ordinal) + 2);
            raw = authorityEnd < 0 ? "/" : raw[authorityEnd..];
        }

        var q = raw.IndexOf('?');
        var rawPath = q < 0 ? raw : raw[..q];
        var rawQuery = q < 0 ? "" : raw[(q + 1)..];
        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            query.Add(eq < 0
                ? new(Decode(pair), "")
                : new(Decode(pair[..eq]), Decode(pair[(eq + 1)..])));
        }

        var path = DecodeStrict(rawPath);
        if (path.Length == 0 || path[0] != '/')
        {
            path = "/" + path;
        }

        var target = new RequestTarget(rawPath.Length == 0 ? "/" : rawPath, path, query);
        if (virtualHostBucket is not null)
        {
            target.Bucket = virtualHostBucket;
            target.Key = path[1..];
            target.VirtualHosted = true;
        }
        else
        {
            var rest = path[1..];
            var slash = rest.IndexOf('/');
            target.Bucket = rest.Length == 0 ? null : slash < 0 ? rest : rest[..slash];
            target.Key = slash < 0 ? "" : rest[(slash + 1)..];
        }

        return target;
    }

    /// <summary>Percent-decoding as UTF-8; '+' stays '+' (S3 signs and stores it literally). Invalid UTF-8 becomes U+FFFD.</summary>
    public static string Decode(string value) => Decode(value, Encoding.UTF8);

    /// <summary>
    /// As <see cref="Decode(string)"/>, but bytes that are not UTF-8 (%FF, overlong %C0%AF, surrogates %ED%A0%80)
    /// throw <see cref="MalformedUriException"/>: replacing them would store different keys under one name.
    /// So do the C1 control characters U+0080..U+009F (%C2%80..%C2%9F): no text names them, they are what a
    /// client makes of raw non-UTF-8 bytes taken one byte a character (ceph/s3-tests' key '\xae\x8a-', which
    /// S3 answers 400 InvalidURI), and a key holding one is that mistake stored.
    /// </summary>
    public static string DecodeStrict(string value)
    {
        string decoded;
        try
        {
            decoded = Decode(value, StrictUtf8);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedUriException();
        }

        return decoded.Any(c => c is >= '\u0080' and <= '\u009F') ? throw new MalformedUriException() : decoded;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string Decode(string value, Encoding utf8)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 3;
                continue;
            }

            var next = value.IndexOf('%', i + 1);
            var run = next < 0 ? value[i..] : value[i..next];
            bytes.AddRange(Encoding.UTF8.GetBytes(run));
            i += run.Length;
        }

        return utf8.GetString(bytes.ToArray());
    }

    /// <summary>RFC 3986 encoding as SigV4 requires: everything but A-Z a-z 0-9 - _ . ~ as %XX (uppercase), '/' kept when <paramref name="keepSlash"/>.</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}

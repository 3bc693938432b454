using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// An HTTP/1.1 relay between the S3 blob store and the test RGW (a <see cref="TcpRelay"/> whose request pump parses
/// the requests) that records every request's line, headers and the SHA-256 of the body it forwarded and, while
/// <see cref="Corrupt"/> is set, flips one bit in each request body on the way (what a bad NIC or a broken middlebox
/// does): what the backend is sent and whether it notices bytes other than the silo's. Bodies are framed by
/// Content-Length, as the SDK sends them (aws-chunked ones included). Responses are copied as they are, unless the
/// proxy is made to rewrite every ETag header into one that is not an MD5 (what AWS S3 answers for a multipart or
/// SSE-KMS object): how the store copes with a backend whose ETags are not MD5s.
/// </summary>
internal sealed class S3BodyInspectingProxy : IAsyncDisposable
{
    private readonly TcpRelay _relay;

    /// <param name="etagsNotMd5">Every answer's ETag header rewritten so that it is not an MD5 (<c>"{md5}"</c> becomes <c>"{md5}-1"</c>).</param>
    public S3BodyInspectingProxy(Uri target, bool etagsNotMd5 = false)
    {
        var address = Dns.GetHostAddresses(target.Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        _relay = new TcpRelay(IPAddress.Loopback, new IPEndPoint(address, target.Port), RelayRequestsAsync, etagsNotMd5 ? RewriteETagsAsync : null);
    }

    /// <summary>The URL to give the store as its endpoint.</summary>
    public string Endpoint => $"http://127.0.0.1:{_relay.Address.Port}";

    /// <summary>Whether bodies are altered from now on.</summary>
    public bool Corrupt { get; set; }

    /// <summary>Every request relayed so far, in order (each recorded before its last body byte is forwarded).</summary>
    public ConcurrentQueue<RelayedRequest> Requests { get; } = new();

    private async Task RelayRequestsAsync(Stream inbound, Stream outbound, CancellationToken cancellationToken)
    {
        var reader = new BufferedReader(inbound);
        while (await reader.ReadHeadAsync(cancellationToken) is { } head)
        {
            var lines = Encoding.ASCII.GetString(head).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var headers = lines.Skip(1)
                .Select(line => line.Split(':', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            var length = headers.TryGetValue("Content-Length", out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
            var request = new RelayedRequest(lines[0], headers);
            if (length == 0)
            {
                request.BodySha256 = Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty));
                Requests.Enqueue(request);
            }

            await outbound.WriteAsync(head, cancellationToken);

            // A third of the way in: inside the data of an aws-chunked body too (its chunk headers sit at 256 KiB steps).
            var flipAt = Corrupt && length > 0 ? length / 3 : -1;
            await reader.CopyBodyAsync(outbound, length, flipAt, sha256 =>
            {
                request.BodySha256 = sha256;
                Requests.Enqueue(request);
            }, cancellationToken);
        }

        outbound.Close();
    }

    /// <summary>
    /// Copies answers with their ETag headers rewritten, each body framed by Content-Length (none after a 1xx, 204 or
    /// 304); an answer framed otherwise (chunked, or without a length) ends the parsing: the rest of that connection is
    /// copied as it is. Not for HEAD requests (their Content-Length has no body).
    /// </summary>
    private static async Task RewriteETagsAsync(Stream fromTarget, Stream toClient, CancellationToken cancellationToken)
    {
        var reader = new BufferedReader(fromTarget);
        while (await reader.ReadHeadAsync(cancellationToken) is { } head)
        {
            var text = Encoding.ASCII.GetString(head);
            await toClient.WriteAsync(Encoding.ASCII.GetBytes(Regex.Replace(text, "(?im)^(ETag:\\s*\"[0-9a-f]{32})\"", "$1-1\"")), cancellationToken);
            if (Regex.IsMatch(text, "^HTTP/1\\.1 (1\\d\\d|204|304) "))
            {
                continue;
            }

            var length = Regex.Match(text, "(?im)^Content-Length:\\s*(\\d+)");
            if (!length.Success || text.Contains("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                await reader.CopyRestAsync(toClient, cancellationToken);
                return;
            }

            await reader.CopyBodyAsync(toClient, long.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture), -1, _ => { }, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    /// <summary>The request line (<c>PUT /bucket/key HTTP/1.1</c>) and headers of one relayed request, and the SHA-256 (hex) of the body bytes forwarded.</summary>
    public sealed record RelayedRequest(string Line, IReadOnlyDictionary<string, string> Headers)
    {
        public string BodySha256 { get; set; } = "";

        public bool HasBody => Headers.TryGetValue("Content-Length", out var length) && length != "0";
    }

    /// <summary>Reads a request's head up to its blank line, then its body, through one buffer.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadHeadAsync(CancellationToken cancellationToken)
        {
            var head = new MemoryStream();
            var matched = 0;
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return null;
                }

                var b = _buffer[_start++];
                head.WriteByte(b);
                matched = b == "\r\n\r\n"[matched] ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == 4)
                {
                    return head.ToArray();
                }
            }
        }

        /// <summary>Forwards <paramref name="length"/> body bytes (flipping a bit at <paramref name="flipAt"/>), calling <paramref name="beforeLast"/> with their SHA-256 before the last of them goes.</summary>
        public async Task CopyBodyAsync(Stream destination, long length, long flipAt, Action<string> beforeLast, CancellationToken cancellationToken)
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long sent = 0;
            while (sent < length)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new IOException("The client closed the connection inside a request body.");
                }

                var count = (int)Math.Min(_end - _start, length - sent);
                if (flipAt >= sent && flipAt < sent + count)
                {
                    _buffer[_start + (int)(flipAt - sent)] ^= 0x01;
                }

                sha256.AppendData(_buffer, _start, count);
                if (sent + count == length)
                {
                    beforeLast(Convert.ToHexStringLower(sha256.GetHashAndReset()));
                }

                await destination.WriteAsync(_buffer.AsMemory(_start, count), cancellationToken);
                _start += count;
                sent += count;
            }
        }

        /// <summary>Forwards everything left, buffered or still to come, as it is.</summary>
        public async Task CopyRestAsync(Stream destination, CancellationToken cancellationToken)
        {
            await destination.WriteAsync(_buffer.AsMemory(_start, _end - _start), cancellationToken);
            _start = _end;
            await stream.CopyToAsync(destination, cancellationToken);
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}

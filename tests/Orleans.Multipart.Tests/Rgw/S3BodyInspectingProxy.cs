using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// An HTTP/1.1 relay between the S3 blob store and the test RGW that records every request's line and headers
/// and, while <see cref="Corrupt"/> is set, flips one bit in each request body on the way (what a bad NIC or
/// a broken middlebox does): what the backend is sent and whether it notices bytes other than the silo's.
/// Bodies are framed by Content-Length, as the SDK sends them (aws-chunked ones included); responses are
/// copied as they are.
/// </summary>
internal sealed class S3BodyInspectingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public S3BodyInspectingProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The URL to give the store as its endpoint.</summary>
    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Whether bodies are altered from now on.</summary>
    public bool Corrupt { get; set; }

    /// <summary>Every request relayed so far, in order.</summary>
    public ConcurrentQueue<RelayedRequest> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            var inbound = client.GetStream();
            var outbound = server.GetStream();
            await Task.WhenAny(RelayRequestsAsync(inbound, outbound), outbound.CopyToAsync(inbound, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed: the connection is over.
        }
    }

    private async Task RelayRequestsAsync(Stream inbound, Stream outbound)
    {
        var reader = new BufferedReader(inbound);
        while (await reader.ReadHeadAsync(_stop.Token) is { } head)
        {
            var lines = Encoding.ASCII.GetString(head).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var headers = lines.Skip(1)
                .Select(line => line.Split(':', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RelayedRequest(lines[0], headers));
            await outbound.WriteAsync(head, _stop.Token);
            var length = headers.TryGetValue("Content-Length", out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
            // A third of the way in: inside the data of an aws-chunked body too (its chunk headers sit at 256 KiB steps).
            var flipAt = Corrupt && length > 0 ? length / 3 : -1;
            await reader.CopyBodyAsync(outbound, length, flipAt, _stop.Token);
        }

        outbound.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    /// <summary>The request line (<c>PUT /bucket/key HTTP/1.1</c>) and headers of one relayed request.</summary>
    public sealed record RelayedRequest(string Line, IReadOnlyDictionary<string, string> Headers)
    {
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

        public async Task CopyBodyAsync(Stream destination, long length, long flipAt, CancellationToken cancellationToken)
        {
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

                await destination.WriteAsync(_buffer.AsMemory(_start, count), cancellationToken);
                _start += count;
                sent += count;
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}

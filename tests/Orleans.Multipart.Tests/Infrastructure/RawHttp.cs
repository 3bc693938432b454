using System.Net.Sockets;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>HTTP/1.1 over a raw socket, for protocol-level checks no HTTP client lets a test make.</summary>
public sealed class RawHttp(TcpClient socket) : IDisposable
{
    private readonly NetworkStream _stream = socket.GetStream();
    private readonly List<byte> _pending = [];

    public static async Task<RawHttp> ConnectAsync(ServiceHost host)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        return new RawHttp(socket);
    }

    public async Task SendAsync(string head, byte[]? body = null)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(head));
        if (body is not null)
        {
            await _stream.WriteAsync(body);
        }
    }

    /// <summary>Sends bytes exactly as given (a head with header values that are not UTF-8).</summary>
    public async Task SendAsync(byte[] head, byte[]? body = null)
    {
        await _stream.WriteAsync(head);
        if (body is not null)
        {
            await _stream.WriteAsync(body);
        }
    }

    /// <summary>Reads one response (head and Content-Length body); null when the server closed the connection first.</summary>
    public async Task<RawResponse?> ReadResponseAsync()
    {
        try
        {
            int end;
            while ((end = IndexOfHeadEnd()) < 0)
            {
                if (!await FillAsync())
                {
                    return null;
                }
            }

            // ISO-8859-1: one character per byte, so a header value that is not ASCII reads back byte for byte.
            var head = Encoding.Latin1.GetString(_pending.GetRange(0, end).ToArray());
            _pending.RemoveRange(0, end + 4);
            var lines = head.Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
            while (_pending.Count < length)
            {
                if (!await FillAsync())
                {
                    return null;
                }
            }

            var body = _pending.GetRange(0, length).ToArray();
            _pending.RemoveRange(0, length);
            return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(body));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _pending.Count; i++)
        {
            if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[4096];
        var read = await _stream.ReadAsync(buffer);
        _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        return read > 0;
    }

    public void Dispose() => socket.Dispose();
}

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

using System.Net;
using System.Net.Sockets;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Forwards every TCP connection accepted on <see cref="Address"/> to a target, byte for byte: makes a
/// service bound to loopback (the test RGW) reachable on another local address, such as the host side
/// of a veth pair that a silo in a network namespace can reach. Nothing is read or changed on the way
/// (a SigV4 signature over the Host header still holds: the header names the relay's address), unless an
/// inspection hook pumps one direction (<see cref="RelayPump"/>: to look at requests or answers, or alter them).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly RelayPump? _requests;
    private readonly RelayPump? _responses;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="requests">Copies each connection's client-to-target bytes instead of the plain copy.</param>
    /// <param name="responses">Copies each connection's target-to-client bytes instead of the plain copy.</param>
    public TcpRelay(IPAddress address, IPEndPoint target, RelayPump? requests = null, RelayPump? responses = null)
    {
        _target = target;
        _requests = requests;
        _responses = responses;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint Address => (IPEndPoint)_listener.LocalEndpoint;

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
        using var target = new TcpClient();
        try
        {
            await target.ConnectAsync(_target, _stop.Token);
            var inbound = client.GetStream();
            var outbound = target.GetStream();
            // Either side closing ends both: the other copy then fails on its disposed socket.
            var forward = _requests is null ? inbound.CopyToAsync(outbound, _stop.Token) : _requests(inbound, outbound, _stop.Token);
            var back = _responses is null ? outbound.CopyToAsync(inbound, _stop.Token) : _responses(outbound, inbound, _stop.Token);
            await Task.WhenAny(forward, back);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A connection the client or the target broke: the client sees it closed, as without the relay.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>Copies one direction of a relayed connection, <paramref name="from"/> to <paramref name="to"/>, until that side is done.</summary>
public delegate Task RelayPump(Stream from, Stream to, CancellationToken cancellationToken);

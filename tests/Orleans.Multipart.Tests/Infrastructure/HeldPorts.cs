using System.Net;
using System.Net.Sockets;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Loopback ports chosen by the kernel and held (bound and listening) until <see cref="Release"/>, just
/// before they are handed to the process that listens on them: while held, no other test (nor another
/// test run) can be given them. The moment between release and the process's bind remains, so callers
/// that start a service also retry with fresh ports when a bind fails (<see cref="ServiceHost"/>).
/// </summary>
public sealed class HeldPorts : IDisposable
{
    private readonly List<TcpListener> _listeners = [];

    public HeldPorts(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _listeners.Add(listener);
        }

        Ports = _listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
    }

    public IReadOnlyList<int> Ports { get; }

    public int this[int index] => Ports[index];

    /// <summary>Closes the listeners so that the process can bind the ports.</summary>
    public void Release()
    {
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        _listeners.Clear();
    }

    public void Dispose() => Release();
}

using System.Collections.Concurrent;
using System.Text;

namespace Orleans.Multipart.Client.Credentials;

/// <summary>
/// Signs grain calls with one access key. A credential is computed once per <see cref="CallCredential.SigningWindow"/>
/// and named principal and reused until the window ends, so the cost on a call is a dictionary lookup.
/// </summary>
public sealed class CallSigner
{
    private readonly string _accessKeyId;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    // The credentials of the current window, by named principal; replaced whole when the window moves on.
    private Window _window = new(long.MinValue);

    public CallSigner(string accessKeyId, string secretKey, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        _accessKeyId = accessKeyId;
        _secret = Encoding.UTF8.GetBytes(secretKey);
        _time = time ?? TimeProvider.System;
    }

    public string AccessKeyId => _accessKeyId;

    /// <summary>The credential for a call of service <paramref name="serviceId"/> naming <paramref name="principal"/> (null: the key's own).</summary>
    public string CredentialFor(string serviceId, Principal? principal)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var start = now - now % (long)CallCredential.SigningWindow.TotalSeconds;
        var window = _window;
        if (window.Start != start)
        {
            window = _window = new Window(start);
        }

        var key = new WindowKey(serviceId, principal);
        if (window.Credentials.TryGetValue(key, out var credential))
        {
            return credential;
        }

        // Dated at the window's start: every call of the window carries the same string.
        credential = CallCredential.Create(serviceId, _accessKeyId, _secret, start, principal);
        // A gateway names many principals: the dictionary lives one window, so it cannot grow without bound
        // beyond the principals active in 30 s.
        window.Credentials.TryAdd(key, credential);
        return credential;
    }

    private readonly record struct WindowKey(string ServiceId, Principal? Principal);

    private sealed class Window(long start)
    {
        public long Start { get; } = start;

        public ConcurrentDictionary<WindowKey, string> Credentials { get; } = new();
    }
}

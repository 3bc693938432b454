using System.Collections.Concurrent;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// SigV4 signing keys, derived once per secret, date, region and service (four HMACs) instead of once
/// per request. Keyed by the secret itself, so a changed secret derives a new key. Bounded: emptied
/// when it holds <see cref="Capacity"/> keys, which only a flood of distinct credential scopes reaches
/// (the scope is read before the signature is checked); scopes longer than any real one are not kept.
/// </summary>
internal sealed class SigningKeyCache
{
    internal const int Capacity = 1024;
    private const int MaxCachedScopePart = 64;

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    /// <summary>The signing key; callers must not change the array (it is shared).</summary>
    public byte[] Get(string secret, string date, string region, string service)
    {
        var entry = (secret, date, region, service);
        if (_keys.TryGetValue(entry, out var key))
        {
            return key;
        }

        key = SigV4Verifier.SigningKey(secret, date, region, service);
        if (date.Length <= MaxCachedScopePart && region.Length <= MaxCachedScopePart && service.Length <= MaxCachedScopePart)
        {
            if (_keys.Count >= Capacity)
            {
                _keys.Clear();
            }

            _keys[entry] = key;
        }

        return key;
    }

    internal int Count => _keys.Count;
}

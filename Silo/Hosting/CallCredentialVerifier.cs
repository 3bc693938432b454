using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Multipart.Client.Credentials;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Checks the call credential (<see cref="CallCredential"/>) of a grain call from a client against the
/// access key it names: the configured root key from this process's configuration, any other through
/// <see cref="IAccessKeyResolver"/> (the key's grain), kept here for at most <see cref="KeyCacheTtl"/> (a disabled key
/// is refused within that plus the key grain's own refresh). A credential verified once is remembered with
/// its key entry, so a call costs a dictionary lookup and one HMAC per key, principal and window.
/// </summary>
internal sealed class CallCredentialVerifier
{
    /// <summary>How long a resolved key (or its absence) is used before the key grain is asked again.</summary>
    public static readonly TimeSpan KeyCacheTtl = TimeSpan.FromSeconds(1);

    private readonly IAccessKeyResolver _resolver;
    private readonly TimeProvider _time;
    private readonly string _serviceId;
    private readonly KeyEntry? _root;
    private readonly ConcurrentDictionary<string, KeyEntry> _keys = new(StringComparer.Ordinal);

    public CallCredentialVerifier(IAccessKeyResolver resolver, IOptions<AuthOptions> auth, IOptions<ClusterOptions> cluster, TimeProvider time)
    {
        _resolver = resolver;
        _time = time;
        _serviceId = cluster.Value.ServiceId;
        if (auth.Value is { RootAccessKey: { Length: > 0 } rootKey, RootSecretKey: { Length: > 0 } rootSecret })
        {
            // The bootstrap administrator is this process's configuration: no grain call, never expires.
            _root = new KeyEntry(new ResolvedAccessKey(rootSecret, new Principal(AccountIds.Root, rootKey, IsAdmin: true), AccountIds.Root, null), long.MaxValue);
        }
    }

    /// <summary>The outcome for a call naming <paramref name="named"/> (null: none) with <paramref name="credential"/>.</summary>
    public ValueTask<CallVerification> VerifyAsync(string? credential, Principal? named)
    {
        if (!CallCredential.TryParse(credential, out var signedAt, out _, out var accessKeyId))
        {
            return ValueTask.FromResult(CallVerification.Refused(credential is null ? "the call carries no credential" : "the credential is malformed"));
        }

        var age = _time.GetUtcNow().ToUnixTimeSeconds() - signedAt;
        if (age > CallCredential.MaxAge.TotalSeconds || -age > CallCredential.MaxClockAhead.TotalSeconds)
        {
            return ValueTask.FromResult(CallVerification.Refused("the credential has expired or is dated in the future"));
        }

        var entry = _root is not null && _root.Key!.Principal.AccessKeyId == accessKeyId ? _root : CurrentEntry(accessKeyId);
        return entry is not null
            ? ValueTask.FromResult(Decide(entry, credential!, named))
            : ResolveThenDecideAsync(accessKeyId, credential!, named);
    }

    private KeyEntry? CurrentEntry(string accessKeyId) =>
        _keys.TryGetValue(accessKeyId, out var entry) && Environment.TickCount64 < entry.ExpiresAt ? entry : null;

    private async ValueTask<CallVerification> ResolveThenDecideAsync(string accessKeyId, string credential, Principal? named)
    {
        var resolved = await _resolver.ResolveAsync(accessKeyId);
        var entry = new KeyEntry(resolved, Environment.TickCount64 + (long)KeyCacheTtl.TotalMilliseconds);
        _keys[accessKeyId] = entry;
        return Decide(entry, credential, named);
    }

    private CallVerification Decide(KeyEntry entry, string credential, Principal? named)
    {
        if (entry.Key is not { } key)
        {
            return CallVerification.Refused("the access key is unknown, disabled or expired");
        }

        if (!entry.Verified.TryGetValue(credential, out var verifiedFor) || !Equals(verifiedFor, named))
        {
            CallCredential.TryParse(credential, out var signedAt, out var signature, out var accessKeyId);
            if (!CallCredential.Verify(_serviceId, accessKeyId, entry.Secret, signedAt, named, signature))
            {
                return CallVerification.Refused("the credential's signature does not match");
            }

            // Bounded: the entry lives KeyCacheTtl (the root's: one credential per principal and window).
            if (entry.Verified.Count > 10_000)
            {
                entry.Verified.Clear();
            }

            entry.Verified[credential] = named;
        }

        if (key.Principal.IsAdmin)
        {
            return new CallVerification(named ?? key.Principal, ActsForAnother: named is not null && !named.Equals(key.Principal), Refusal: null, Credential: key.Principal);
        }

        // Only an administrator's credential (the gateways') may name another principal.
        return named is null || named.AccountId == key.Principal.AccountId
            ? new CallVerification(key.Principal, ActsForAnother: false, Refusal: null, Credential: key.Principal)
            : CallVerification.Refused($"access key {key.Principal.AccessKeyId} may not act for account {named.AccountId}");
    }

    private sealed class KeyEntry(ResolvedAccessKey? key, long expiresAt)
    {
        public ResolvedAccessKey? Key { get; } = key;

        public byte[] Secret { get; } = key is null ? [] : Encoding.UTF8.GetBytes(key.SecretKey);

        public long ExpiresAt { get; } = expiresAt;

        /// <summary>Credentials whose signature was checked, with the principal they named.</summary>
        public ConcurrentDictionary<string, Principal?> Verified { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>
/// A verified call: the principal it acts for, whether an administrator's credential names another principal
/// (a gateway acting for its HTTP caller), and the credential's own principal; or why it is refused.
/// </summary>
internal readonly record struct CallVerification(Principal? Principal, bool ActsForAnother, string? Refusal, Principal? Credential)
{
    public static CallVerification Refused(string reason) => new(null, false, reason, null);
}

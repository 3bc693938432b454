namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The access keys a gateway verifies signatures with. Authenticators run synchronously over the
/// request's headers, so lookups answer from memory: a key the store has not loaded throws
/// <see cref="CredentialNotCachedException"/>, the pipeline awaits <see cref="LoadAsync"/> and
/// authenticates again (once per key and cache period, not per request).
/// </summary>
internal interface ICredentialStore
{
    /// <summary>The secret and principal of a usable key; null for an unknown or unusable one. Throws <see cref="CredentialNotCachedException"/> for a key not loaded yet.</summary>
    ResolvedAccessKey? Find(string accessKey);

    /// <summary>Loads <paramref name="accessKey"/> (usable or not) so that <see cref="Find"/> answers it.</summary>
    ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken);
}

/// <summary>A lookup of a key the <see cref="ICredentialStore"/> has not loaded: load it and authenticate again.</summary>
internal sealed class CredentialNotCachedException(string accessKey) : Exception($"The access key {accessKey} is not loaded.")
{
    public string AccessKey { get; } = accessKey;
}

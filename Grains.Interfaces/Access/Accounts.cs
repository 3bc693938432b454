namespace Orleans.Multipart;

[GenerateSerializer, Alias("omp.AccountState")]
public enum AccountState
{
    Active = 0,

    /// <summary>Every key of the account is refused; its buckets and objects stay.</summary>
    Disabled = 1,
}

[GenerateSerializer, Alias("omp.AccessKeyState")]
public enum AccessKeyState
{
    Active = 0,
    Disabled = 1,
}

/// <summary>An account: who owns buckets and objects and is named in grants and policies.</summary>
[GenerateSerializer, Immutable, Alias("omp.AccountInfo")]
public sealed record AccountInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] AccountState State,
    [property: Id(3)] bool IsAdmin,
    [property: Id(4)] DateTimeOffset Created);

/// <summary>An access key as listed: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("omp.AccessKeyInfo")]
public sealed record AccessKeyInfo(
    [property: Id(0)] string AccessKeyId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] AccessKeyState State,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] DateTimeOffset? Expires);

/// <summary>A key just created or rotated: the only time its secret leaves the service.</summary>
[GenerateSerializer, Immutable, Alias("omp.NewAccessKey")]
public sealed record NewAccessKey(
    [property: Id(0)] AccessKeyInfo Key,
    [property: Id(1)] string SecretKey);

/// <summary>
/// What verifying a signature needs: the key's secret and the principal it proves. Only a usable key
/// resolves (active, unexpired, its account active); anything else resolves to nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.ResolvedAccessKey")]
public sealed record ResolvedAccessKey(
    [property: Id(0)] string SecretKey,
    [property: Id(1)] Principal Principal,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] DateTimeOffset? Expires);

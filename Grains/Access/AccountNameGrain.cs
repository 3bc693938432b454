using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains.Access;

/// <summary>
/// An account's display name in memory (<see cref="IAccountNameGrain"/>): one database read per activation and
/// <see cref="MaxAge"/>, shared by interleaved calls. A failed read is not kept (the next call reads again).
/// </summary>
internal sealed class AccountNameGrain(IAccountStore store, TimeProvider time) : Grain, IAccountNameGrain
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private Task<string>? _load;
    private DateTimeOffset _loadedAt;

    private string AccountId => this.GetPrimaryKeyString();

    public Task<string> DisplayName()
    {
        if (_load is null || _load.IsFaulted || time.GetUtcNow() - _loadedAt > MaxAge)
        {
            _loadedAt = time.GetUtcNow();
            _load = LoadAsync();
        }

        return _load;
    }

    private async Task<string> LoadAsync() =>
        AccountIds.IsValid(AccountId) && await store.GetAccountAsync(AccountId) is { } account ? account.DisplayName : AccountId;
}

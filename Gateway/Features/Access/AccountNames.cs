using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Accounts' display names as this process last read them (<see cref="IAccountNameGrain"/>), for S3's ACL
/// answers: an ACL names a few accounts, and after the first answer naming them costs no grain call for
/// <see cref="Ttl"/>. Bounded like <see cref="BucketAccessCache"/>: emptied at <see cref="MaxAccounts"/>.
/// </summary>
internal sealed class AccountNames(IGrainFactory grains)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);

    private const int MaxAccounts = 4096;

    private static readonly long TtlTicks = (long)(Ttl.TotalSeconds * Stopwatch.Frequency);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The display name of every account <paramref name="acl"/> names (its owner and its account grantees).</summary>
    public ValueTask<IReadOnlyDictionary<string, string>> OfAsync(AccessControlList acl) =>
        OfAsync(acl.Grants.Where(g => g.Grantee.Kind == GranteeKind.Account).Select(g => g.Grantee.AccountId!).Prepend(acl.Owner));

    /// <summary>
    /// The display name of each of <paramref name="accounts"/> (a listing's owners, repeated as often as they own): each
    /// account is read once, the ones not cached at the same time, so a listing of many owners waits for one round.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<string, string>> OfAsync(IEnumerable<string> accounts)
    {
        var distinct = accounts.Distinct(StringComparer.Ordinal).ToList();
        var names = new Dictionary<string, string>(distinct.Count, StringComparer.Ordinal);
        List<(string Account, Task<string> Read)>? reads = null;
        foreach (var account in distinct)
        {
            var name = DisplayNameAsync(account);
            if (name.IsCompletedSuccessfully)
            {
                names[account] = name.Result;
            }
            else
            {
                (reads ??= []).Add((account, name.AsTask()));
            }
        }

        foreach (var (account, read) in reads ?? [])
        {
            names[account] = await read;
        }

        return names;
    }

    public ValueTask<string> DisplayNameAsync(string accountId)
    {
        if (_entries.TryGetValue(accountId, out var entry) && Stopwatch.GetTimestamp() - entry.ReadAt < TtlTicks)
        {
            return new ValueTask<string>(entry.Name);
        }

        return ReadAsync(accountId);
    }

    private async ValueTask<string> ReadAsync(string accountId)
    {
        var readAt = Stopwatch.GetTimestamp();
        var name = await grains.GetGrain<IAccountNameGrain>(accountId).DisplayName();
        if (_entries.Count >= MaxAccounts)
        {
            _entries.Clear();
        }

        _entries[accountId] = new Entry(name, readAt);
        return name;
    }

    private sealed record Entry(string Name, long ReadAt);
}

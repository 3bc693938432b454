using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The display names an s3 listing shows for its owners (Owner, Initiator): the names ACL answers show
/// (<see cref="AccountNames"/>, cached per gateway), read for the accounts a page names before its document is written,
/// so that a listing and an ACL never name one account two ways. An account no name was read for shows its id.
/// </summary>
internal sealed class S3OwnerNames
{
    /// <summary>Names no account: every owner shows its id (a renderer without the gateway's services, as in unit tests).</summary>
    public static readonly S3OwnerNames None = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> _names;

    private S3OwnerNames(IReadOnlyDictionary<string, string> names) => _names = names;

    /// <summary>Reads the display names of <paramref name="accounts"/> (repeats and all; each is read once).</summary>
    public static async ValueTask<S3OwnerNames> ReadAsync(HttpContext context, IEnumerable<string> accounts) =>
        context.RequestServices?.GetService<AccountNames>() is { } names ? new S3OwnerNames(await names.OfAsync(accounts)) : None;

    public string DisplayNameOf(string account) => _names.TryGetValue(account, out var name) ? name : account;
}

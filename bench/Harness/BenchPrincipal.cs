using System.Net;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// Who the bench's measured requests are signed as. By default an ordinary account, <see cref="AccountId"/>, made
/// at start through the service's admin API (<c>POST /-/admin/accounts</c>, then <c>POST /-/admin/keys</c>, signed
/// with the root key): it owns the bench buckets it creates, and every request it sends is decided by access
/// control, as a tenant's would be. The root key is an administrator, which the gateway passes without a lookup:
/// measuring with it would leave authorization out of every figure. <c>--as-admin</c> signs with the root key
/// instead (the figures before 2026-12-06). A revision without accounts (before issue 22: no admin API, one key)
/// is driven with its root key, and <see cref="Describe"/> says so in the results.
/// </summary>
public static class BenchPrincipal
{
    /// <summary>The bench's ordinary account (one per service; a cluster's silos share it through their database).</summary>
    public const string AccountId = "bench-user";

    /// <summary>Set by <c>--as-admin</c>: sign the measured requests with the root (administrator) key.</summary>
    public static bool AsAdmin { get; set; }

    /// <summary>Reads (and removes) <c>--as-admin</c> from the command line.</summary>
    public static string[] TakeOption(string[] args)
    {
        AsAdmin = args.Contains("--as-admin");
        return [.. args.Where(a => a != "--as-admin")];
    }

    /// <summary>
    /// The credentials to measure <paramref name="service"/> with: the root key's with <c>--as-admin</c>, else a new key
    /// of <see cref="AccountId"/> (the account made first when it does not exist yet), and what they are.
    /// </summary>
    public static async Task<BenchCredentials> ForAsync(Uri service, string rootAccessKey, string rootSecretKey)
    {
        if (AsAdmin)
        {
            return new BenchCredentials(rootAccessKey, rootSecretKey, "root (administrator, --as-admin)");
        }

        var admin = new SigV4Client("admin", service, rootAccessKey, rootSecretKey, 1);
        var (status, text) = await admin.AdminPostAsync("accounts", new JsonObject { ["id"] = AccountId, ["displayName"] = "Bench account" }.ToJsonString());
        if ((status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented) && !text.Contains("\"error\"", StringComparison.Ordinal))
        {
            // No admin API: a revision from before accounts, whose one key is the root key.
            return new BenchCredentials(rootAccessKey, rootSecretKey, $"root (the revision has no admin API: {(int)status})");
        }

        if (status != HttpStatusCode.Created && status != HttpStatusCode.OK && status != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"admin API: creating account {AccountId} answered {(int)status}: {text}");
        }

        (status, text) = await admin.AdminPostAsync("keys", new JsonObject { ["account"] = AccountId }.ToJsonString());
        if (status != HttpStatusCode.Created && status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"admin API: creating a key of {AccountId} answered {(int)status}: {text}");
        }

        var key = JsonNode.Parse(text)!;
        return new BenchCredentials(key["accessKeyId"]!.GetValue<string>(), key["secretKey"]!.GetValue<string>(), $"account {AccountId} (not an administrator)");
    }
}

/// <summary>A key to sign with, and who it is (recorded in the results as <c>principal</c>).</summary>
public sealed record BenchCredentials(string AccessKey, string SecretKey, string Describe);

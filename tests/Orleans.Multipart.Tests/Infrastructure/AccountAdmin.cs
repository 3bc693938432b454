namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// How tests manage accounts and keys: the account administration grain, called with an administrator
/// principal in the call's context. The one place that says how a test acts as an administrator on the
/// grains (internal clients gain call credentials in issue 22; then only this changes).
/// </summary>
public static class AccountAdmin
{
    /// <summary>The principal tests act as: the bootstrap administrator.</summary>
    public static readonly Principal Administrator = new(AccountIds.Root, null, IsAdmin: true);

    /// <summary>Runs <paramref name="call"/> on the admin grain as <paramref name="actingAs"/> (default: <see cref="Administrator"/>).</summary>
    public static async Task<T> CallAsync<T>(IGrainFactory grains, Func<IAccountAdminGrain, Task<T>> call, Principal? actingAs = null)
    {
        // The context is this async method's own: it does not leak into the caller's later calls.
        CallerContext.Set(actingAs ?? Administrator);
        return await call(grains.GetGrain<IAccountAdminGrain>(IAccountAdminGrain.DefaultKey));
    }
}

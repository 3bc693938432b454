namespace Orleans.Multipart.Gateway.Admin;

/// <summary>Accounts and access keys, through <see cref="IAccountAdminGrain"/>.</summary>
internal sealed partial class AdminApi
{
    private IAccountAdminGrain Accounts => _grains.GetGrain<IAccountAdminGrain>(IAccountAdminGrain.DefaultKey);

    private async Task<AdminResult> ListAccounts(AdminCall call) =>
        AdminResult.Ok((await Accounts.ListAccounts()).Select(AdminDocuments.Of).ToList());

    private async Task<AdminResult> GetAccount(AdminCall call) =>
        AdminResult.Ok(AdminDocuments.Of(await ExistingAccountAsync(call["id"])));

    private async Task<AdminResult> CreateAccount(AdminCall call)
    {
        var request = call.Read<CreateAccountRequest>();
        var id = request.Id ?? "";
        call.Resource = "account/" + id;
        if (!AccountIds.IsValid(id) || id == AccountIds.Root)
        {
            throw AdminException.BadRequest("An account id is 1-64 characters of lower-case letters, digits, '-' and '_', starting with a letter or digit, and not a reserved id (anonymous, root).");
        }

        if (await Accounts.GetAccount(id) is not null)
        {
            throw AdminException.Conflict("AccountAlreadyExists", $"The account '{id}' exists.");
        }

        var created = await Accounts.CreateAccount(id, string.IsNullOrWhiteSpace(request.DisplayName) ? id : request.DisplayName.Trim(), request.Admin);
        return AdminResult.Created(AdminDocuments.Of(created));
    }

    private async Task<AdminResult> SetAccountState(AdminCall call, AccountState state)
    {
        var id = call["id"];
        call.Resource = "account/" + id;
        await ExistingAccountAsync(id);
        return AdminResult.Ok(AdminDocuments.Of(await Accounts.SetAccountState(id, state)));
    }

    private async Task<AdminResult> DeleteAccount(AdminCall call)
    {
        var id = call["id"];
        call.Resource = "account/" + id;
        if (id == AccountIds.Root)
        {
            throw AdminException.BadRequest("The root account cannot be deleted.");
        }

        await ExistingAccountAsync(id);
        var owned = (await _grains.GetGrain<IBucketCatalogGrain>(IBucketCatalogGrain.DefaultKey).ListBuckets()).Where(b => b.Owner == id).Select(b => b.Name).ToList();
        if (owned.Count > 0)
        {
            throw AdminException.Conflict("AccountOwnsBuckets", $"The account owns {owned.Count} bucket(s) ({string.Join(", ", owned.Take(5))}): delete them or give them to another account first.");
        }

        await Accounts.DeleteAccount(id);
        return AdminResult.NoContent;
    }

    private async Task<AdminResult> ListKeys(AdminCall call)
    {
        var account = call.Query("account");
        if (account is not null)
        {
            await ExistingAccountAsync(account);
        }

        return AdminResult.Ok((await Accounts.ListKeys(account)).Select(AdminDocuments.Of).ToList());
    }

    private async Task<AdminResult> GetKey(AdminCall call) => AdminResult.Ok(AdminDocuments.Of(await ExistingKeyAsync(call["key"])));

    private async Task<AdminResult> CreateKey(AdminCall call)
    {
        var request = call.Read<CreateKeyRequest>();
        var account = request.Account ?? "";
        call.Resource = "account/" + account;
        if (request.Expires is { } expires && expires <= _time.GetUtcNow())
        {
            throw AdminException.BadRequest("A key's expiry must be in the future.");
        }

        await ExistingAccountAsync(account);
        var created = await Accounts.CreateKey(account, request.Expires);
        call.Resource = "key/" + created.Key.AccessKeyId;
        return AdminResult.Created(AdminDocuments.Of(created));
    }

    private async Task<AdminResult> SetKeyState(AdminCall call, AccessKeyState state)
    {
        var key = call["key"];
        call.Resource = "key/" + key;
        await ExistingKeyAsync(key);
        return AdminResult.Ok(AdminDocuments.Of(await Accounts.SetKeyState(key, state)));
    }

    private async Task<AdminResult> RotateKey(AdminCall call)
    {
        var key = call["key"];
        call.Resource = "key/" + key;
        await ExistingKeyAsync(key);
        return AdminResult.Ok(AdminDocuments.Of(await Accounts.RotateKey(key)));
    }

    private async Task<AdminResult> DeleteKey(AdminCall call)
    {
        var key = call["key"];
        call.Resource = "key/" + key;
        await ExistingKeyAsync(key);
        await Accounts.DeleteKey(key);
        return AdminResult.NoContent;
    }

    private async Task<AccountInfo> ExistingAccountAsync(string id) =>
        (AccountIds.IsValid(id) ? await Accounts.GetAccount(id) : null)
        ?? throw AdminException.NotFound("NoSuchAccount", $"There is no account '{id}'.");

    private async Task<AccessKeyInfo> ExistingKeyAsync(string accessKeyId) =>
        (await Accounts.ListKeys(null)).FirstOrDefault(k => k.AccessKeyId == accessKeyId)
        ?? throw AdminException.NotFound("NoSuchAccessKey", $"There is no access key '{accessKeyId}'.");
}

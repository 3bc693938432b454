using System.Text;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>Buckets: the usage report, create with an owner and a rule, chown, delete, grants and policies.</summary>
internal sealed partial class AdminApi
{
    private IAdminStatsGrain Stats => _grains.GetGrain<IAdminStatsGrain>(0);

    private async Task<AdminResult> ListBuckets(AdminCall call) =>
        AdminResult.Ok((await Stats.ListBucketUsage()).Select(AdminDocuments.Of).ToList());

    private async Task<AdminResult> GetBucket(AdminCall call) =>
        AdminResult.Ok(AdminDocuments.Of((await Stats.ListBucketUsage()).FirstOrDefault(u => u.Bucket.Name == call["bucket"]) ?? throw NoSuchBucket()));

    private async Task<AdminResult> CreateBucket(AdminCall call)
    {
        var request = call.Read<CreateBucketRequest>();
        var name = request.Name ?? "";
        call.Resource = "bucket/" + name;
        if (!BucketNameRules.S3.IsValid(name))
        {
            throw AdminException.BadRequest("A bucket name is 3-63 characters of lower-case letters, digits, '.' and '-', starting and ending with a letter or digit.");
        }

        var owner = request.Owner ?? call.Administrator.AccountId;
        if (owner != call.Administrator.AccountId)
        {
            await ExistingAccountAsync(owner);

            // The bucket grain records the calling account as the owner, in the same insert that creates the row:
            // the bucket is created on the owner's behalf (by the administrator's key), never first as someone else's.
            CallerContext.Set(new Principal(owner, call.Administrator.AccessKeyId));
        }

        try
        {
            var created = await _grains.GetGrain<IBucketGrain>(name).Create(request.Rule);
            return AdminResult.Created(AdminDocuments.Of(new BucketUsage(created, 0, 0, 0, 0)));
        }
        finally
        {
            CallerContext.Set(call.Administrator);
        }
    }

    private async Task<AdminResult> ChownBucket(AdminCall call)
    {
        var name = call["bucket"];
        var owner = call.Read<ChownRequest>().Owner ?? "";
        call.Resource = $"bucket/{name} owner={owner}";
        await ExistingAccountAsync(owner);
        await _grains.GetGrain<IBucketGrain>(name).SetOwner(owner);
        return await GetBucket(call);
    }

    private async Task<AdminResult> DeleteBucket(AdminCall call)
    {
        call.Resource = "bucket/" + call["bucket"];
        await _grains.GetGrain<IBucketGrain>(call["bucket"]).Delete();
        return AdminResult.NoContent;
    }

    private async Task<AdminResult> GetGrants(AdminCall call) =>
        AdminResult.Ok(AdminDocuments.Of((await AccessOfAsync(call["bucket"])).Acl));

    private async Task<AdminResult> SetGrants(AdminCall call)
    {
        var name = call["bucket"];
        call.Resource = $"bucket/{name}/grants";
        var document = call.Read<GrantsDocument>();
        var grants = new List<Grant>();
        foreach (var grant in document.Grants ?? throw AdminException.BadRequest("The document needs a \"grants\" list (it may be empty)."))
        {
            var grantee = grant?.Grantee ?? throw AdminException.BadRequest("Every grant needs a grantee.");
            if (grantee.Type == GranteeKind.Account && !AccountIds.IsValid(grantee.Id))
            {
                throw AdminException.BadRequest("An account grantee needs the account's id.");
            }

            if (!Enum.IsDefined(grantee.Type) || !Enum.IsDefined(grant.Permission))
            {
                throw AdminException.BadRequest("Unknown grantee type or permission.");
            }

            grants.Add(new Grant(grantee.Type == GranteeKind.Account ? Grantee.Account(grantee.Id!) : new Grantee(grantee.Type), grant.Permission));
        }

        var access = await AccessOfAsync(name);
        await _grains.GetGrain<IBucketGrain>(name).SetAcl(new AccessControlList(access.Owner, grants));
        return AdminResult.Ok(AdminDocuments.Of((await AccessOfAsync(name)).Acl));
    }

    private async Task<AdminResult> GetPolicy(AdminCall call) =>
        (await AccessOfAsync(call["bucket"])).Policy is { } policy
            ? new AdminResult(StatusCodes.Status200OK, null, policy.ToS3Document(call["bucket"]))
            : throw FromCatalogue(MultipartError.NoSuchBucketPolicy, "The bucket has no policy.");

    private async Task<AdminResult> SetPolicy(AdminCall call)
    {
        var name = call["bucket"];
        call.Resource = $"bucket/{name}/policy";
        await AccessOfAsync(name);

        // The same language and checks as PutBucketPolicy: MalformedPolicy (400) names what is wrong.
        var policy = BucketPolicy.Parse(Encoding.UTF8.GetString(call.Body), name);
        await _grains.GetGrain<IBucketGrain>(name).SetPolicy(policy);
        return AdminResult.NoContent;
    }

    private async Task<AdminResult> DeletePolicy(AdminCall call)
    {
        var name = call["bucket"];
        call.Resource = $"bucket/{name}/policy";
        await AccessOfAsync(name);
        await _grains.GetGrain<IBucketGrain>(name).SetPolicy(null);
        return AdminResult.NoContent;
    }

    private async Task<BucketAccess> AccessOfAsync(string bucket) =>
        await _grains.GetGrain<IBucketGrain>(bucket).GetAccess() ?? throw NoSuchBucket();

    private static AdminException NoSuchBucket() => FromCatalogue(MultipartError.NoSuchBucket, "The specified bucket does not exist.");
}

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Checks that the accounts a new ACL names exist before it is stored (S3: 400 InvalidArgument "Invalid id").</summary>
internal static class AclAccounts
{
    /// <summary>
    /// Throws InvalidArgument for a grant to an account id that cannot exist. Until the account store is reachable from
    /// the gateway (issue 22) this checks the id's form (<see cref="AccountIds.IsValid"/>): one line to switch to a lookup.
    /// </summary>
    public static Task CheckAsync(IGrainFactory grains, IEnumerable<Grant> grants)
    {
        _ = grains;
        foreach (var grant in grants)
        {
            if (grant.Grantee.Kind == GranteeKind.Account && !AccountIds.IsValid(grant.Grantee.AccountId))
            {
                throw new DialectException(MultipartError.InvalidArgument, "Invalid id");
            }
        }

        return Task.CompletedTask;
    }
}

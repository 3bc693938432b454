using Orleans.Concurrency;

namespace Orleans.Multipart;

/// <summary>
/// One account's display name (grain key: the account id), for the Owner and Grantee elements of S3's ACL
/// answers: read from the database once and answered from memory. Display names never change through the
/// admin API, so a copy is kept long; an account deleted and created again under its id is seen within
/// <c>MaxAge</c>. An id with no account (a grant naming an account deleted since) answers the id itself.
/// </summary>
[Alias("omp.account-name")]
public interface IAccountNameGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    [Alias("display-name")]
    Task<string> DisplayName();
}

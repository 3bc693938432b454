using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Silo.Storage.Secrets;

/// <summary>
/// Refuses, at start, a master key the silo could not use: a <c>Auth:MasterKey</c> that is not the base64
/// of 32 bytes, a key file of the wrong size, or, on PostgreSQL (several silos, one database), no key
/// given at all — a key file each silo generated for itself would seal secrets the others cannot open.
/// </summary>
internal sealed class MasterKeyOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<MasterKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, MasterKeyOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            if (MasterKeyFile.Decode(options.MasterKey) is null)
            {
                failures.Add("Auth:MasterKey must be the base64 of 32 random bytes (openssl rand -base64 32).");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.MasterKeyPath))
        {
            if (File.Exists(options.MasterKeyPath))
            {
                if (MasterKeyFile.TryRead(options.MasterKeyPath) is null)
                {
                    failures.Add($"Auth:MasterKeyPath {options.MasterKeyPath} must hold 32 bytes, raw or as base64.");
                }
            }
            else if (storage.Value.IsPostgres)
            {
                failures.Add($"Auth:MasterKeyPath {options.MasterKeyPath} does not exist; with Storage:Provider Postgres every silo must read the same key (a mounted Secret).");
            }
        }
        else if (storage.Value.IsPostgres)
        {
            failures.Add("Storage:Provider is Postgres but neither Auth:MasterKey nor Auth:MasterKeyPath is set: every silo must seal access keys' secrets with the same master key (openssl rand -base64 32, from a Secret).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

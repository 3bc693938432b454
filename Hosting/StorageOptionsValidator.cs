using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>Refuses, at start, a metadata store the host could not open: an unknown provider, PostgreSQL without a connection string, no data directory.</summary>
internal sealed class StorageOptionsValidator(IConfiguration configuration) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!options.IsPostgres && !options.IsSqlite)
        {
            failures.Add($"Storage:Provider must be Sqlite or Postgres, not '{options.Provider}'.");
        }

        if (options.IsPostgres && string.IsNullOrEmpty(configuration.GetConnectionString("Postgres")))
        {
            failures.Add("Storage:Provider is Postgres but ConnectionStrings:Postgres is empty.");
        }

        if (string.IsNullOrWhiteSpace(options.DataPath))
        {
            failures.Add("Storage:DataPath must name a directory.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

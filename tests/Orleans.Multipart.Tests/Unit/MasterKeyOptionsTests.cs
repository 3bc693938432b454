using Microsoft.Extensions.Options;
using Orleans.Multipart.Hosting;
using Orleans.Multipart.Silo.Storage.Secrets;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>What the silo refuses at start about the access keys' master key, and what it accepts.</summary>
public sealed class MasterKeyOptionsTests : IDisposable
{
    private static readonly string ValidKey = Convert.ToBase64String(new byte[32]);
    private readonly string _dir = Directory.CreateTempSubdirectory("omp-master-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("Sqlite", null, null, null)]
    [InlineData("Sqlite", "not base64!", null, "Auth:MasterKey must be the base64 of 32 random bytes")]
    [InlineData("Sqlite", "AAAA", null, "Auth:MasterKey must be the base64 of 32 random bytes")]
    [InlineData("Postgres", null, null, "neither Auth:MasterKey nor Auth:MasterKeyPath is set")]
    [InlineData("Postgres", "valid", null, null)]
    [InlineData("Postgres", null, "missing.key", "does not exist")]
    [InlineData("Postgres", null, "raw.key", null)]
    [InlineData("Postgres", null, "base64.key", null)]
    [InlineData("Sqlite", null, "short.key", "must hold 32 bytes")]
    public void TheMasterKeyIsCheckedAtStart(string provider, string? masterKey, string? file, string? failure)
    {
        File.WriteAllBytes(Path.Combine(_dir, "raw.key"), new byte[32]);
        File.WriteAllText(Path.Combine(_dir, "base64.key"), ValidKey + "\n");
        File.WriteAllBytes(Path.Combine(_dir, "short.key"), new byte[16]);
        var options = new MasterKeyOptions
        {
            MasterKey = masterKey == "valid" ? ValidKey : masterKey,
            MasterKeyPath = file is null ? null : Path.Combine(_dir, file),
        };
        var result = new MasterKeyOptionsValidator(Options.Create(new StorageOptions { Provider = provider, DataPath = _dir })).Validate(null, options);
        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
            Assert.Equal(32, MasterKeyFile.Load(options, new StorageOptions { Provider = provider, DataPath = _dir }).Length);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}

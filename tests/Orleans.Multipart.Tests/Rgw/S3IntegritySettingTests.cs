using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage.Blobs;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// <c>Storage:Blobs:S3:Integrity</c> as the hosts register the S3 store (<see cref="BlobStoreRegistration"/>): Sha256
/// when unset, either name in any case, and anything else refused at start with a message naming the setting and
/// its two values (the binder alone would fail at the first use with its own message, or take a number).
/// </summary>
public sealed class S3IntegritySettingTests
{
    public static TheoryData<string?, S3BlobIntegrity?> Values => new()
    {
        // the configured value, the mode it gives (null: refused at start)
        { null, S3BlobIntegrity.Sha256 },
        { "Sha256", S3BlobIntegrity.Sha256 },
        { "contentmd5", S3BlobIntegrity.ContentMd5 },
        { "ContentMd5", S3BlobIntegrity.ContentMd5 },
        { "Md5", null },
        { "1", null },
        { "Sha256,ContentMd5", null },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void IntegrityIsOneOfTwoNamesOrTheStartFails(string? configured, S3BlobIntegrity? expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Blobs:Provider"] = "S3",
            ["Storage:Blobs:S3:Endpoint"] = "http://127.0.0.1:1",
            ["Storage:Blobs:S3:Bucket"] = "blobs",
            ["Storage:Blobs:S3:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Storage:Blobs:S3:Integrity"] = configured,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        if (expected is null)
        {
            var refused = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddMultipartBlobStore(configuration, Path.GetTempPath()));
            Assert.Contains($"Storage:Blobs:S3:Integrity must be Sha256 or ContentMd5, not '{configured}'.", refused.Failures);
            return;
        }

        using var services = new ServiceCollection().AddMultipartBlobStore(configuration, Path.GetTempPath()).BuildServiceProvider();
        Assert.Equal(expected, services.GetRequiredService<IOptions<S3BlobStoreOptions>>().Value.Integrity);
    }
}

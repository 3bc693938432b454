using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The AWS CLI (test.sh installs Debian's awscli) with non-administrator keys made by omp-admin: account A uploads in
/// parts (s3api create-multipart-upload, upload-part, complete-multipart-upload), sets and reads its bucket's ACL
/// (put-bucket-acl, get-bucket-acl) and policy (put-bucket-policy, get-bucket-policy); account B reads what they grant
/// it and is refused everything else in A's bucket (AccessDenied, exit code non-zero), and A's data stays as it was.
/// </summary>
public sealed class AwsCliNonAdminTests(CliMadeAccounts accounts) : IClassFixture<CliMadeAccounts>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task MultipartAclAndPolicyWithAnAccountKeyAndRefusalsInAnotherAccountsBucket()
    {
        var (a, b) = (accounts.A, accounts.B);
        var bucket = "cli-nonadmin-" + Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("omp-awscli-").FullName;
        try
        {
            await OkAsync(a, "s3api", "create-bucket", "--bucket", bucket);

            // Multipart: a 5 MiB part and a 1 MiB last part, listed back in a Complete document.
            var parts = new[] { Bytes(5 * MiB, 1), Bytes(MiB, 2) };
            var upload = Json(await OkAsync(a, "s3api", "create-multipart-upload", "--bucket", bucket, "--key", "big", "--output", "json"));
            var uploadId = upload.GetProperty("UploadId").GetString()!;
            var listed = new List<object>();
            for (var i = 0; i < parts.Length; i++)
            {
                var file = Path.Combine(work, $"part{i + 1}");
                await File.WriteAllBytesAsync(file, parts[i]);
                var part = Json(await OkAsync(a, "s3api", "upload-part", "--bucket", bucket, "--key", "big", "--part-number", $"{i + 1}", "--upload-id", uploadId, "--body", file, "--output", "json"));
                listed.Add(new { ETag = part.GetProperty("ETag").GetString(), PartNumber = i + 1 });
            }

            var document = Path.Combine(work, "parts.json");
            await File.WriteAllTextAsync(document, JsonSerializer.Serialize(new { Parts = listed }));
            await OkAsync(a, "s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "big", "--upload-id", uploadId, "--multipart-upload", "file://" + document);
            var head = Json(await OkAsync(a, "s3api", "head-object", "--bucket", bucket, "--key", "big", "--output", "json"));
            Assert.Equal(6 * MiB, head.GetProperty("ContentLength").GetInt64());
            Assert.EndsWith("-2\"", head.GetProperty("ETag").GetString(), StringComparison.Ordinal);

            // ACL: B may list the bucket; A keeps full control.
            await OkAsync(a, "s3api", "put-bucket-acl", "--bucket", bucket, "--grant-read", $"id={b.AccountId}", "--grant-full-control", $"id={a.AccountId}");
            var acl = await OkAsync(a, "s3api", "get-bucket-acl", "--bucket", bucket, "--output", "json");
            Assert.Equal(a.AccountId, Json(acl).GetProperty("Owner").GetProperty("ID").GetString());
            Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{b.AccountId}=READ"], Grants(acl));

            // Policy: B may read the objects.
            var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{b.AccountId}}"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
            await OkAsync(a, "s3api", "put-bucket-policy", "--bucket", bucket, "--policy", policy);
            Assert.Equal(policy, Json(await OkAsync(a, "s3api", "get-bucket-policy", "--bucket", bucket, "--output", "json")).GetProperty("Policy").GetString());

            // B gets what the ACL and the policy grant...
            Assert.Contains("big", await OkAsync(b, "s3api", "list-objects-v2", "--bucket", bucket, "--output", "json"), StringComparison.Ordinal);
            var copy = Path.Combine(work, "read-by-b");
            await OkAsync(b, "s3api", "get-object", "--bucket", bucket, "--key", "big", copy);
            Assert.Equal(Md5(parts), MD5.HashData(await File.ReadAllBytesAsync(copy)));

            // ...and nothing more: writes, deletes, uploads, the ACL and the policy are A's.
            var evil = Path.Combine(work, "evil");
            await File.WriteAllBytesAsync(evil, Bytes(1024, 9));
            var other = await CreateUploadAsync(a, bucket, "open-upload");
            string[][] refused =
            [
                ["s3api", "put-object", "--bucket", bucket, "--key", "big", "--body", evil],
                ["s3api", "put-object", "--bucket", bucket, "--key", "new-by-b", "--body", evil],
                ["s3api", "delete-object", "--bucket", bucket, "--key", "big"],
                ["s3api", "create-multipart-upload", "--bucket", bucket, "--key", "new-by-b"],
                ["s3api", "upload-part", "--bucket", bucket, "--key", "open-upload", "--part-number", "1", "--upload-id", other, "--body", evil],
                ["s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "open-upload", "--upload-id", other],
                ["s3api", "get-bucket-acl", "--bucket", bucket],
                ["s3api", "put-bucket-acl", "--bucket", bucket, "--acl", "public-read-write"],
                ["s3api", "get-bucket-policy", "--bucket", bucket],
                ["s3api", "put-bucket-policy", "--bucket", bucket, "--policy", policy.Replace("s3:GetObject", "s3:*", StringComparison.Ordinal)],
                ["s3api", "delete-bucket-policy", "--bucket", bucket],
                ["s3api", "delete-bucket", "--bucket", bucket],
            ];
            foreach (var call in refused)
            {
                var result = await AwsAsync(b, call);
                Assert.True(result.ExitCode != 0 && result.Stderr.Contains("(AccessDenied)", StringComparison.Ordinal), $"B's {call[1]}: exit {result.ExitCode}: {result.Output}");
            }

            // A's stored data is as A left it.
            var after = Path.Combine(work, "read-by-a");
            await OkAsync(a, "s3api", "get-object", "--bucket", bucket, "--key", "big", after);
            Assert.Equal(Md5(parts), MD5.HashData(await File.ReadAllBytesAsync(after)));
            Assert.Equal(head.GetProperty("ETag").GetString(), Json(await OkAsync(a, "s3api", "head-object", "--bucket", bucket, "--key", "big", "--output", "json")).GetProperty("ETag").GetString());
            Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{b.AccountId}=READ"], Grants(await OkAsync(a, "s3api", "get-bucket-acl", "--bucket", bucket, "--output", "json")));
            Assert.Equal(policy, Json(await OkAsync(a, "s3api", "get-bucket-policy", "--bucket", bucket, "--output", "json")).GetProperty("Policy").GetString());
            var keys = Json(await OkAsync(a, "s3api", "list-objects-v2", "--bucket", bucket, "--output", "json")).GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()).ToList();
            Assert.Equal(["big"], keys);
            var uploads = await OkAsync(a, "s3api", "list-parts", "--bucket", bucket, "--key", "open-upload", "--upload-id", other, "--output", "json");
            Assert.DoesNotContain("\"ETag\"", uploads, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<string> CreateUploadAsync(TestAccount account, string bucket, string key) =>
        Json(await OkAsync(account, "s3api", "create-multipart-upload", "--bucket", bucket, "--key", key, "--output", "json")).GetProperty("UploadId").GetString()!;

    private async Task<string> OkAsync(TestAccount account, params string[] arguments)
    {
        var result = await AwsAsync(account, arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments.Take(2))} as {account.AccountId}: exit {result.ExitCode}: {result.Output}");
        return result.Stdout;
    }

    /// <summary>The AWS CLI with <paramref name="account"/>'s key and nothing from the machine's own configuration.</summary>
    private Task<ExternalClient.Result> AwsAsync(TestAccount account, params string[] arguments) =>
        ExternalClient.RunAsync("aws", ["--endpoint-url", accounts.Endpoint, .. arguments], new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = account.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = account.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_MAX_ATTEMPTS"] = "1",
        });

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static List<string> Grants(string acl) => Json(acl).GetProperty("Grants").EnumerateArray()
        .Select(g => $"{g.GetProperty("Grantee").GetProperty("ID").GetString()}={g.GetProperty("Permission").GetString()}")
        .Order(StringComparer.Ordinal)
        .ToList();

    private static byte[] Bytes(int length, byte seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Md5(byte[][] parts) => MD5.HashData(parts.SelectMany(p => p).ToArray());
}

using System.Security.Cryptography;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// rclone (Debian's, which test.sh installs) with non-administrator keys made by omp-admin. Account A makes a bucket
/// with a canned bucket ACL (<c>--s3-bucket-acl</c>) and uploads 11 MiB in 5 MiB parts with a canned object ACL
/// (<c>--s3-acl</c>); rclone has no bucket-policy command, so A's policy (B may write under drop/) is set with
/// AWSSDK.S3 and rclone, as B, is held to it. B reads and lists what the ACLs grant every signed caller, uploads in
/// parts where the policy allows, and is refused (AccessDenied) every other write and delete in A's bucket and any
/// listing of or write into A's private bucket; A's data is unchanged. (A policy Deny on reads is not probed with
/// rclone: it reads a 403 on its HEAD before a GET as "no such file" and exits 0 having copied nothing.)
/// </summary>
public sealed class RcloneNonAdminTests(CliMadeAccounts accounts) : IClassFixture<CliMadeAccounts>
{
    private const int MiB = 1024 * 1024;
    private const string AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    [Fact]
    public async Task MultipartAndAclsWithAnAccountKeyAndRefusalsInAnotherAccountsBucket()
    {
        var rclone = await ExternalClient.FindAsync(["rclone", "/usr/bin/rclone"], "version")
            ?? throw new InvalidOperationException("rclone is not installed: test.sh installs it (apt-get install rclone).");
        var (a, b) = (accounts.A, accounts.B);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (bucket, closed) = ("rclone-nonadmin-" + suffix, "rclone-closed-" + suffix);
        var work = Directory.CreateTempSubdirectory("omp-rclone-").FullName;
        using var owner = accounts.Host.CreateS3Client(a.SecretKey, a.AccessKey);
        try
        {
            await OkAsync(rclone, work, a, "mkdir", $"omp:{bucket}", "--s3-bucket-acl", "authenticated-read");
            await OkAsync(rclone, work, a, "mkdir", $"omp:{closed}");
            var bucketAcl = await owner.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });
            Assert.Equal(a.AccountId, bucketAcl.Owner.Id);
            Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{AuthenticatedUsers}=READ"], Grants(bucketAcl.Grants));

            // 11 MiB above a 5 MiB cutoff, in 5 MiB chunks: a multipart upload of 3 parts, with a canned ACL.
            var body = RandomNumberGenerator.GetBytes(11 * MiB);
            var file = Path.Combine(work, "big");
            await File.WriteAllBytesAsync(file, body);
            await OkAsync(rclone, work, a, "copyto", file, $"omp:{bucket}/big", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M", "--s3-acl", "authenticated-read");
            var head = await owner.GetObjectMetadataAsync(bucket, "big");
            Assert.Equal(body.Length, head.ContentLength);
            Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);
            Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{AuthenticatedUsers}=READ"], Grants((await owner.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "big" })).Grants));
            var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{b.AccountId}}"]},"Action":"s3:PutObject","Resource":"arn:aws:s3:::{{bucket}}/drop/*"}]}""";
            await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy });

            // B: the ACLs let every signed caller list the bucket and read 'big', and the policy lets B write under drop/...
            Assert.Equal("big\n", await OkAsync(rclone, work, b, "lsf", $"omp:{bucket}"));
            await OkAsync(rclone, work, b, "copyto", $"omp:{bucket}/big", Path.Combine(work, "read-by-b"));
            Assert.Equal(MD5.HashData(body), MD5.HashData(await File.ReadAllBytesAsync(Path.Combine(work, "read-by-b"))));

            var evil = Path.Combine(work, "evil");
            await File.WriteAllBytesAsync(evil, RandomNumberGenerator.GetBytes(6 * MiB));
            await OkAsync(rclone, work, b, "copyto", evil, $"omp:{bucket}/drop/by-b", "--s3-no-check-bucket", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M");

            // ...and nothing more.
            string[][] refused =
            [
                ["copyto", evil, $"omp:{bucket}/big", "--s3-no-check-bucket"],
                ["copyto", evil, $"omp:{bucket}/by-b", "--s3-no-check-bucket", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"],
                ["copyto", evil, $"omp:{bucket}/small-by-b", "--s3-no-check-bucket"],
                ["deletefile", $"omp:{bucket}/big"],
                ["lsf", $"omp:{closed}"],
                ["copyto", evil, $"omp:{closed}/by-b", "--s3-no-check-bucket"],
                ["rmdir", $"omp:{closed}"],
            ];
            foreach (var call in refused)
            {
                var result = await RcloneAsync(rclone, work, b, call);
                Assert.True(result.ExitCode != 0 && (result.Output.Contains("AccessDenied", StringComparison.Ordinal) || result.Output.Contains("403", StringComparison.Ordinal)),
                    $"B's rclone {call[0]} {string.Join(' ', call.Skip(1).Where(x => x.StartsWith("omp:", StringComparison.Ordinal)))}: exit {result.ExitCode}: {result.Output}");
            }

            // A's data is as A left it.
            using (var read = await owner.GetObjectAsync(bucket, "big"))
            {
                Assert.Equal(MD5.HashData(body), await MD5.HashDataAsync(read.ResponseStream));
            }

            Assert.Equal(head.ETag, (await owner.GetObjectMetadataAsync(bucket, "big")).ETag);
            Assert.Equal(["big", "drop/by-b"], (await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
            Assert.Empty((await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = closed })).S3Objects ?? []);
            Assert.Empty((await owner.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []);
            Assert.Equal(policy, (await owner.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<string> OkAsync(string rclone, string work, TestAccount account, params string[] arguments)
    {
        var result = await RcloneAsync(rclone, work, account, arguments);
        Assert.True(result.ExitCode == 0, $"rclone {string.Join(' ', arguments)} as {account.AccountId}: exit {result.ExitCode}: {result.Output}");
        return result.Stdout;
    }

    /// <summary>rclone with a remote "omp" from the environment (an s3 remote of provider Other, path style), an empty config file, one try.</summary>
    private Task<ExternalClient.Result> RcloneAsync(string rclone, string work, TestAccount account, params string[] arguments)
    {
        var config = Path.Combine(work, "rclone.conf");
        if (!File.Exists(config))
        {
            File.WriteAllText(config, "");
        }

        return ExternalClient.RunAsync(rclone, [.. arguments, "--config", config, "--retries", "1", "--low-level-retries", "1"], new Dictionary<string, string>
        {
            ["RCLONE_CONFIG_OMP_TYPE"] = "s3",
            ["RCLONE_CONFIG_OMP_PROVIDER"] = "Other",
            ["RCLONE_CONFIG_OMP_ENDPOINT"] = accounts.Endpoint,
            ["RCLONE_CONFIG_OMP_REGION"] = "us-east-1",
            ["RCLONE_CONFIG_OMP_FORCE_PATH_STYLE"] = "true",
            ["RCLONE_CONFIG_OMP_ACCESS_KEY_ID"] = account.AccessKey,
            ["RCLONE_CONFIG_OMP_SECRET_ACCESS_KEY"] = account.SecretKey,
            // A CA bundle named in the environment (for TLS elsewhere) makes rclone's S3 backend refuse to start
            // ("unable to load custom CA bundle"); the endpoint here is plain HTTP.
            ["AWS_CA_BUNDLE"] = "",
        });
    }

    private static List<string> Grants(List<S3Grant> grants) =>
        grants.Select(g => $"{g.Grantee.CanonicalUser ?? g.Grantee.URI}={g.Permission.Value}").Order(StringComparer.Ordinal).ToList();
}

using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The ACL and policy operations through the other real S3 clients: boto3 (put_bucket_acl, put_object with ACL,
/// a presigned PUT that signs its canned ACL, put/get/delete_bucket_policy) and the AWS CLI (s3api put-bucket-acl,
/// get-bucket-acl, put-bucket-policy, get-bucket-policy, get-bucket-policy-status).
/// </summary>
public sealed class AccessControlClientTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    private string Endpoint => _host.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task Boto3SetsAndReadsAclsAndPolicies()
    {
        var bucket = "boto-acl-" + Guid.NewGuid().ToString("N")[..10];
        var result = await ExternalClient.RunBoto3Async(Boto3.SigV4ClientScript + """
            import json, urllib.request
            ALL = 'http://acs.amazonaws.com/groups/global/AllUsers'
            def grants(acl):
                return sorted((g['Grantee']['Type'], g['Grantee'].get('ID') or g['Grantee'].get('URI'), g['Permission']) for g in acl['Grants'])
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_acl(Bucket=bucket, ACL='public-read')
            acl = s3.get_bucket_acl(Bucket=bucket)
            assert acl['Owner']['ID'] == 'root', acl
            assert grants(acl) == [('CanonicalUser', 'root', 'FULL_CONTROL'), ('Group', ALL, 'READ')], grants(acl)

            s3.put_bucket_acl(Bucket=bucket, GrantRead='id="alt-user"', GrantFullControl='id="root"')
            assert grants(s3.get_bucket_acl(Bucket=bucket)) == [('CanonicalUser', 'alt-user', 'READ'), ('CanonicalUser', 'root', 'FULL_CONTROL')]

            s3.put_object(Bucket=bucket, Key='public', Body=b'x', ACL='public-read')
            assert grants(s3.get_object_acl(Bucket=bucket, Key='public')) == [('CanonicalUser', 'root', 'FULL_CONTROL'), ('Group', ALL, 'READ')]

            # A presigned PUT signs its canned ACL (botocore: a signed header); the object gets it.
            url = s3.generate_presigned_url(ClientMethod='put_object', Params={'Bucket': bucket, 'Key': 'presigned', 'ACL': 'public-read'}, ExpiresIn=600, HttpMethod='PUT')
            with urllib.request.urlopen(urllib.request.Request(url, data=b'bar', method='PUT', headers={'x-amz-acl': 'public-read'})) as r:
                assert r.status == 200
            assert grants(s3.get_object_acl(Bucket=bucket, Key='presigned')) == [('CanonicalUser', 'root', 'FULL_CONTROL'), ('Group', ALL, 'READ')]

            policy = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/*' % bucket}]})
            s3.put_bucket_policy(Bucket=bucket, Policy=policy)
            assert s3.get_bucket_policy(Bucket=bucket)['Policy'] == policy
            assert s3.get_bucket_policy_status(Bucket=bucket)['PolicyStatus']['IsPublic'] is True
            s3.delete_bucket_policy(Bucket=bucket)
            try:
                s3.get_bucket_policy(Bucket=bucket)
                raise AssertionError('policy still there')
            except botocore.exceptions.ClientError as e:
                assert e.response['Error']['Code'] == 'NoSuchBucketPolicy', e.response
            print('ok')
            """, Endpoint, bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0 && result.Stdout.TrimEnd().EndsWith("ok", StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public async Task AwsCliPutsAndGetsBucketAclAndPolicy()
    {
        var bucket = "cli-acl-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(0, (await AwsAsync("s3api", "create-bucket", "--bucket", bucket)).ExitCode);

        var put = await AwsAsync("s3api", "put-bucket-acl", "--bucket", bucket, "--grant-read", "uri=http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "--grant-full-control", "id=root");
        Assert.True(put.ExitCode == 0, put.Output);
        var acl = await AwsAsync("s3api", "get-bucket-acl", "--bucket", bucket, "--output", "json");
        Assert.True(acl.ExitCode == 0, acl.Output);
        using (var json = JsonDocument.Parse(acl.Stdout))
        {
            Assert.Equal("root", json.RootElement.GetProperty("Owner").GetProperty("ID").GetString());
            var grants = json.RootElement.GetProperty("Grants").EnumerateArray()
                .Select(g => $"{g.GetProperty("Grantee").GetProperty("Type").GetString()}:{(g.GetProperty("Grantee").TryGetProperty("URI", out var uri) ? uri.GetString() : g.GetProperty("Grantee").GetProperty("ID").GetString())}={g.GetProperty("Permission").GetString()}")
                .ToList();
            Assert.Equal(["Group:http://acs.amazonaws.com/groups/global/AuthenticatedUsers=READ", "CanonicalUser:root=FULL_CONTROL"], grants);
        }

        var policy = $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["root"]},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::{{bucket}}"}]}""";
        var putPolicy = await AwsAsync("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", policy);
        Assert.True(putPolicy.ExitCode == 0, putPolicy.Output);
        var got = await AwsAsync("s3api", "get-bucket-policy", "--bucket", bucket, "--output", "json");
        Assert.True(got.ExitCode == 0, got.Output);
        using (var json = JsonDocument.Parse(got.Stdout))
        {
            Assert.Equal(policy, json.RootElement.GetProperty("Policy").GetString());
        }

        var status = await AwsAsync("s3api", "get-bucket-policy-status", "--bucket", bucket, "--output", "json");
        Assert.True(status.ExitCode == 0, status.Output);
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            Assert.False(json.RootElement.GetProperty("PolicyStatus").GetProperty("IsPublic").GetBoolean());
        }

        var bad = await AwsAsync("s3api", "put-bucket-acl", "--bucket", bucket, "--acl", "public-read", "--grant-read", "id=root");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("InvalidRequest", bad.Output, StringComparison.Ordinal);
    }

    private Task<ExternalClient.Result> AwsAsync(params string[] arguments) =>
        ExternalClient.RunAsync("aws", ["--endpoint-url", Endpoint, .. arguments], new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = ServiceHost.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = ServiceHost.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        });
}

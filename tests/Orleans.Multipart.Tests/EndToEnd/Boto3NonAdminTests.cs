using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// boto3 (test.sh installs python3-boto3) with non-administrator keys made by omp-admin: account A uploads through
/// boto3's transfer manager in parts, sets and reads its bucket's ACL, an object's ACL and the bucket policy; account B
/// reads what they grant it and is refused (ClientError AccessDenied) everything else in A's bucket, including A's
/// open upload; A's object, ACLs, policy and upload are unchanged afterwards.
/// </summary>
public sealed class Boto3NonAdminTests(CliMadeAccounts accounts) : IClassFixture<CliMadeAccounts>
{
    [Fact]
    public async Task MultipartAclAndPolicyWithAnAccountKeyAndRefusalsInAnotherAccountsBucket()
    {
        var (a, b) = (accounts.A, accounts.B);
        var bucket = "boto-nonadmin-" + Guid.NewGuid().ToString("N")[..10];
        var result = await ExternalClient.RunBoto3Async(Boto3.SigV4ClientScript + """
            import hashlib, json
            from boto3.s3.transfer import TransferConfig
            bk, bs, a_id, b_id = sys.argv[5:9]
            other = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=bk, aws_secret_access_key=bs, region_name='us-east-1', config=cfg)
            MiB = 1024 * 1024
            def grants(acl):
                return sorted((g['Grantee'].get('ID') or g['Grantee'].get('URI'), g['Permission']) for g in acl['Grants'])
            def refused(name, call, *args, **kwargs):
                try:
                    call(*args, **kwargs)
                except botocore.exceptions.ClientError as e:
                    assert e.response['Error']['Code'] == 'AccessDenied', (name, e.response)
                    return
                raise AssertionError('B was allowed ' + name)

            s3.create_bucket(Bucket=bucket)
            # The transfer manager splits 11 MiB into 5 MiB parts: a multipart upload of 3 parts.
            body = os.urandom(11 * MiB)
            s3.upload_fileobj(io.BytesIO(body), bucket, 'big', Config=TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=2))
            head = s3.head_object(Bucket=bucket, Key='big')
            assert head['ContentLength'] == len(body) and head['ETag'].endswith('-3"'), head

            s3.put_bucket_acl(Bucket=bucket, GrantRead='id="%s"' % b_id, GrantFullControl='id="%s"' % a_id)
            acl = s3.get_bucket_acl(Bucket=bucket)
            assert acl['Owner']['ID'] == a_id, acl
            assert grants(acl) == sorted([(a_id, 'FULL_CONTROL'), (b_id, 'READ')]), grants(acl)
            s3.put_object_acl(Bucket=bucket, Key='big', GrantRead='id="%s"' % b_id, GrantFullControl='id="%s"' % a_id)
            assert grants(s3.get_object_acl(Bucket=bucket, Key='big')) == sorted([(a_id, 'FULL_CONTROL'), (b_id, 'READ')])
            policy = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Principal': {'AWS': [b_id]}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::%s/secret/*' % bucket}]})
            s3.put_bucket_policy(Bucket=bucket, Policy=policy)
            assert s3.get_bucket_policy(Bucket=bucket)['Policy'] == policy
            s3.put_object(Bucket=bucket, Key='secret/x', Body=b'A only', GrantRead='id="%s"' % b_id)
            upload = s3.create_multipart_upload(Bucket=bucket, Key='open')['UploadId']
            s3.upload_part(Bucket=bucket, Key='open', UploadId=upload, PartNumber=1, Body=b'A part')

            # B: the object ACL lets it read 'big'; the bucket ACL lets it list; the policy's Deny beats the grant on secret/.
            assert hashlib.md5(other.get_object(Bucket=bucket, Key='big')['Body'].read()).digest() == hashlib.md5(body).digest()
            assert [o['Key'] for o in other.list_objects_v2(Bucket=bucket)['Contents']] == ['big', 'secret/x']
            refused('get_object under a Deny', other.get_object, Bucket=bucket, Key='secret/x')
            refused('put_object', other.put_object, Bucket=bucket, Key='big', Body=b'B')
            refused('upload_fileobj', other.upload_fileobj, io.BytesIO(os.urandom(6 * MiB)), bucket, 'by-b', Config=TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB))
            refused('upload_part into A\'s upload', other.upload_part, Bucket=bucket, Key='open', UploadId=upload, PartNumber=2, Body=b'B part')
            refused('list_parts of A\'s upload', other.list_parts, Bucket=bucket, Key='open', UploadId=upload)
            refused('complete A\'s upload', other.complete_multipart_upload, Bucket=bucket, Key='open', UploadId=upload, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': '"x"'}]})
            refused('abort A\'s upload', other.abort_multipart_upload, Bucket=bucket, Key='open', UploadId=upload)
            refused('delete_object', other.delete_object, Bucket=bucket, Key='big')
            refused('get_bucket_acl', other.get_bucket_acl, Bucket=bucket)
            refused('put_bucket_acl', other.put_bucket_acl, Bucket=bucket, ACL='public-read-write')
            refused('get_object_acl', other.get_object_acl, Bucket=bucket, Key='big')
            refused('put_object_acl', other.put_object_acl, Bucket=bucket, Key='big', ACL='public-read')
            refused('get_bucket_policy', other.get_bucket_policy, Bucket=bucket)
            refused('put_bucket_policy', other.put_bucket_policy, Bucket=bucket, Policy=policy.replace('Deny', 'Allow'))
            refused('delete_bucket_policy', other.delete_bucket_policy, Bucket=bucket)
            refused('delete_bucket', other.delete_bucket, Bucket=bucket)
            # DeleteObjects is refused key by key, in a 200 (S3's answer), and deletes nothing.
            result = other.delete_objects(Bucket=bucket, Delete={'Objects': [{'Key': 'big'}, {'Key': 'secret/x'}]})
            assert sorted((e['Key'], e['Code']) for e in result['Errors']) == [('big', 'AccessDenied'), ('secret/x', 'AccessDenied')], result
            assert not result.get('Deleted'), result

            # A's data is as A left it.
            assert hashlib.md5(s3.get_object(Bucket=bucket, Key='big')['Body'].read()).digest() == hashlib.md5(body).digest()
            assert s3.head_object(Bucket=bucket, Key='big')['ETag'] == head['ETag']
            assert [o['Key'] for o in s3.list_objects_v2(Bucket=bucket)['Contents']] == ['big', 'secret/x']
            assert grants(s3.get_bucket_acl(Bucket=bucket)) == sorted([(a_id, 'FULL_CONTROL'), (b_id, 'READ')])
            assert grants(s3.get_object_acl(Bucket=bucket, Key='big')) == sorted([(a_id, 'FULL_CONTROL'), (b_id, 'READ')])
            assert s3.get_bucket_policy(Bucket=bucket)['Policy'] == policy
            assert [(p['PartNumber'], p['Size']) for p in s3.list_parts(Bucket=bucket, Key='open', UploadId=upload)['Parts']] == [(1, 6)]
            assert [u['Key'] for u in s3.list_multipart_uploads(Bucket=bucket).get('Uploads', [])] == ['open']
            print('ok')
            """, accounts.Endpoint, bucket, a.AccessKey, a.SecretKey, b.AccessKey, b.SecretKey, a.AccountId, b.AccountId);
        Assert.True(result.ExitCode == 0 && result.Stdout.TrimEnd().EndsWith("ok", StringComparison.Ordinal), result.Output);
    }
}

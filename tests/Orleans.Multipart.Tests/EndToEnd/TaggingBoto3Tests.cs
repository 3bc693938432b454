using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Object and bucket tags through boto3 (botocore's own serializers and parsers): Tagging= on put_object,
/// create_multipart_upload and copy_object (TaggingDirective), put/get/delete_object_tagging, TagCount on get_object,
/// x-amz-tagging-count on head_object, put/get/delete_bucket_tagging, and InvalidTag / NoSuchTagSet as ClientErrors.
/// </summary>
public sealed class TaggingBoto3Tests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    [Fact]
    public async Task Boto3TagsObjectsAndBuckets()
    {
        var bucket = "boto-tags-" + Guid.NewGuid().ToString("N")[..10];
        var result = await ExternalClient.RunBoto3Async(Boto3.SigV4ClientScript + """
            def tags(response):
                return [(t['Key'], t['Value']) for t in response['TagSet']]
            def code(call, **kwargs):
                try:
                    call(**kwargs)
                except botocore.exceptions.ClientError as e:
                    return (e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'])
                raise AssertionError('no error from %s' % call)

            s3.create_bucket(Bucket=bucket)
            s3.put_object(Bucket=bucket, Key='single', Body=b'x', Tagging='project=apollo&stage=launch%20pad')
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='single')) == [('project', 'apollo'), ('stage', 'launch pad')]
            assert s3.get_object(Bucket=bucket, Key='single')['TagCount'] == 2
            assert s3.head_object(Bucket=bucket, Key='single')['ResponseMetadata']['HTTPHeaders']['x-amz-tagging-count'] == '2'

            up = s3.create_multipart_upload(Bucket=bucket, Key='multi', Tagging='kind=multipart')
            part = s3.upload_part(Bucket=bucket, Key='multi', UploadId=up['UploadId'], PartNumber=1, Body=b'y' * 1024)
            s3.complete_multipart_upload(Bucket=bucket, Key='multi', UploadId=up['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': part['ETag']}]})
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='multi')) == [('kind', 'multipart')]

            s3.copy_object(Bucket=bucket, Key='copied', CopySource={'Bucket': bucket, 'Key': 'single'})
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='copied')) == [('project', 'apollo'), ('stage', 'launch pad')]
            s3.copy_object(Bucket=bucket, Key='retagged', CopySource={'Bucket': bucket, 'Key': 'single'}, TaggingDirective='REPLACE', Tagging='copy=yes')
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='retagged')) == [('copy', 'yes')]

            s3.put_object_tagging(Bucket=bucket, Key='single', Tagging={'TagSet': [{'Key': 'b', 'Value': '2'}, {'Key': 'a', 'Value': '1'}]})
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='single')) == [('a', '1'), ('b', '2')]
            assert code(s3.put_object_tagging, Bucket=bucket, Key='single', Tagging={'TagSet': [{'Key': str(i), 'Value': 'v'} for i in range(11)]}) == (400, 'InvalidTag')
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='single')) == [('a', '1'), ('b', '2')]
            assert s3.delete_object_tagging(Bucket=bucket, Key='single')['ResponseMetadata']['HTTPStatusCode'] == 204
            assert tags(s3.get_object_tagging(Bucket=bucket, Key='single')) == []
            assert 'TagCount' not in s3.get_object(Bucket=bucket, Key='single')

            assert code(s3.get_bucket_tagging, Bucket=bucket) == (404, 'NoSuchTagSet')
            s3.put_bucket_tagging(Bucket=bucket, Tagging={'TagSet': [{'Key': 'team', 'Value': 'storage'}]})
            assert tags(s3.get_bucket_tagging(Bucket=bucket)) == [('team', 'storage')]
            s3.delete_bucket_tagging(Bucket=bucket)
            assert code(s3.get_bucket_tagging, Bucket=bucket) == (404, 'NoSuchTagSet')
            print('ok')
            """, _host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0 && result.Stdout.TrimEnd().EndsWith("ok", StringComparison.Ordinal), result.Output);
    }
}

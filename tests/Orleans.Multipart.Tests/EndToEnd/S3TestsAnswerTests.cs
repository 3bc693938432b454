using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Answers ceph/s3-tests found different from S3's, each replayed with boto3 as the suite sends it (the test
/// it mirrors is named on each): presigned expiry bounds, a chunked PutObject, SSE headers on reads, the
/// checksum and attribute answers, the delete-marker header and an undecodable key.
/// </summary>
public sealed class S3TestsAnswerTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string Preamble = Boto3.SigV4ClientScript + """
        import base64, hashlib, urllib.request, urllib.error
        from botocore.exceptions import ClientError
        s3.create_bucket(Bucket=bucket)
        def error_of(call, **kwargs):
            try:
                call(**kwargs)
            except ClientError as e:
                return e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Code'), e.response
            raise AssertionError(f'{call.__name__} succeeded')
        def fetch(url):
            try:
                with urllib.request.urlopen(url) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        """;

    private string Endpoint => Host.BaseAddress.ToString().TrimEnd('/');

    private async Task RunAsync(string script)
    {
        var bucket = "s3t-" + Guid.NewGuid().ToString("N")[..12];
        var result = await ExternalClient.RunBoto3Async(Preamble + script + "\nprint('ok')\n", Endpoint, bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0 && result.Stdout.TrimEnd().EndsWith("ok", StringComparison.Ordinal), result.Output);
    }

    /// <summary>test_object_raw_get_x_amz_expires_out_range_zero / _out_max_range / _out_positive_range, test_object_raw_put_authenticated_expired: 403, as AWS.</summary>
    [Fact]
    public Task PresignedExpiryOutOfRangeIsAccessDenied() => RunAsync("""
        s3.put_object(Bucket=bucket, Key='foo', Body=b'bar')
        def url(expires, method='get_object'):
            return s3.generate_presigned_url(ClientMethod=method, Params={'Bucket': bucket, 'Key': 'foo'}, ExpiresIn=expires, HttpMethod='GET' if method == 'get_object' else 'PUT')
        assert fetch(url(100)) == (200, b'bar'), fetch(url(100))
        for expires in (0, -7, 609901):
            status, body = fetch(url(expires))
            assert status == 403 and b'<Code>AccessDenied</Code>' in body, (expires, status, body)
        req = urllib.request.Request(url(-1000, 'put_object'), data=b'x', method='PUT')
        try:
            urllib.request.urlopen(req)
            raise AssertionError('an expired PUT URL was served')
        except urllib.error.HTTPError as e:
            assert e.code == 403, e.code
        assert s3.get_object(Bucket=bucket, Key='foo')['Body'].read() == b'bar'
        """);

    /// <summary>test_object_write_with_chunked_transfer_encoding: a PutObject sent chunked, without Content-Length, is stored.</summary>
    [Fact]
    public Task ChunkedPutObjectIsStored() => RunAsync("""
        def chunked(request, **kwargs):
            request.headers.add_header('Transfer-Encoding', 'chunked')
        s3.meta.events.register_first('before-sign.*.*', chunked)
        r = s3.put_object(Bucket=bucket, Key='foo', Body='bar')
        assert r['ResponseMetadata']['HTTPStatusCode'] == 200, r
        s3.meta.events.unregister('before-sign.*.*', chunked)
        assert s3.get_object(Bucket=bucket, Key='foo')['Body'].read() == b'bar'
        """);

    /// <summary>test_sse_kms_read_declare, test_sse_s3_default_method_head: SSE write headers on a GET or HEAD are 400.</summary>
    [Fact]
    public Task EncryptionWriteHeadersOnReadsAreInvalidArgument() => RunAsync("""
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
        s3.put_object(Bucket=bucket, Key='testobj', Body=b'A' * 1000)
        assert s3.head_object(Bucket=bucket, Key='testobj')['ResponseMetadata']['HTTPHeaders']['x-amz-server-side-encryption'] == 'AES256'
        def adding(headers):
            return lambda **kwargs: kwargs['params']['headers'].update(headers)
        s3.meta.events.register('before-call.s3.HeadObject', adding({'x-amz-server-side-encryption': 'AES256'}))
        s3.meta.events.register('before-call.s3.GetObject', adding({'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'testkey-1'}))
        status, code, _ = error_of(s3.head_object, Bucket=bucket, Key='testobj')
        assert status == 400, status
        status, code, _ = error_of(s3.get_object, Bucket=bucket, Key='testobj')
        assert (status, code) == (400, 'InvalidArgument'), (status, code)
        """);

    /// <summary>test_get_sse_c_encrypted_object_attributes and test_multipart_sse_c_get_part: an SSE-C object's attributes need its key; a part it does not have is InvalidPart, key or not.</summary>
    [Fact]
    public Task CustomerKeyedObjectAttributesNeedTheKeyAndMissingPartsAreInvalidPart() => RunAsync("""
        sse = {'SSECustomerAlgorithm': 'AES256', 'SSECustomerKey': 'pO3upElrwuEXSoFwCfnZPdSsmt/xWeFa0N9KgDijwVs=', 'SSECustomerKeyMD5': 'DWygnHRtgiJ77HCm+1rvHw=='}
        attrs = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']
        s3.put_object(Bucket=bucket, Key='obj', Body=b'A' * 1000, **sse)
        status, _, _ = error_of(s3.get_object_attributes, Bucket=bucket, Key='obj', ObjectAttributes=attrs)
        assert status == 400, status
        assert s3.get_object_attributes(Bucket=bucket, Key='obj', ObjectAttributes=attrs, **sse)['ObjectSize'] == 1000
        up = s3.create_multipart_upload(Bucket=bucket, Key='multi', **sse)['UploadId']
        parts = [{'PartNumber': n, 'ETag': s3.upload_part(Bucket=bucket, Key='multi', UploadId=up, PartNumber=n, Body=body, **sse)['ETag']}
                 for n, body in ((1, b'x' * (5 * 1024 * 1024)), (2, b'y'))]
        s3.complete_multipart_upload(Bucket=bucket, Key='multi', UploadId=up, MultipartUpload={'Parts': parts})
        assert s3.get_object(Bucket=bucket, Key='multi', PartNumber=2, **sse)['Body'].read() == b'y'
        assert error_of(s3.get_object, Bucket=bucket, Key='multi', PartNumber=3)[:2] == (400, 'InvalidPart')
        status, code, _ = error_of(s3.get_object, Bucket=bucket, Key='multi', PartNumber=2)
        assert (status, code) == (400, 'InvalidRequest'), (status, code)
        """);

    /// <summary>test_copy_part_enc[sse-s3-sse-s3-...]: UploadPartCopy into an SSE-S3 upload answers x-amz-server-side-encryption as UploadPart does.</summary>
    [Fact]
    public Task UploadPartCopyIntoServiceKeyedUploadSaysSo() => RunAsync("""
        s3.put_object(Bucket=bucket, Key='src', Body=b's' * 1024, ServerSideEncryption='AES256')
        up = s3.create_multipart_upload(Bucket=bucket, Key='dst', ServerSideEncryption='AES256')['UploadId']
        r = s3.upload_part_copy(Bucket=bucket, Key='dst', UploadId=up, PartNumber=1, CopySource={'Bucket': bucket, 'Key': 'src'})
        assert r['ResponseMetadata']['HTTPHeaders'].get('x-amz-server-side-encryption') == 'AES256', r['ResponseMetadata']['HTTPHeaders']
        s3.abort_multipart_upload(Bucket=bucket, Key='dst', UploadId=up)
        """);

    /// <summary>test_multipart_checksum_sha256: a ChecksumSHA256 on Complete that is not the object's (here not even base64) is BadDigest, and the upload stays open.</summary>
    [Fact]
    public Task BadObjectChecksumOnCompleteIsBadDigest() => RunAsync("""
        up = s3.create_multipart_upload(Bucket=bucket, Key='k', ChecksumAlgorithm='SHA256')['UploadId']
        sha = 'arcu6553sHVAiX4MjW0j7I7vD4w6R+Gz9Ok0Q9lTa+0='
        r = s3.upload_part(UploadId=up, Bucket=bucket, Key='k', PartNumber=1, Body=b'A' * 1024, ChecksumAlgorithm='SHA256', ChecksumSHA256=sha)
        parts = [{'ETag': r['ETag'].strip('"'), 'ChecksumSHA256': r['ChecksumSHA256'], 'PartNumber': 1}]
        status, code, _ = error_of(s3.complete_multipart_upload, Bucket=bucket, Key='k', UploadId=up, ChecksumSHA256='bad', MultipartUpload={'Parts': parts})
        assert (status, code) == (400, 'BadDigest'), (status, code)
        assert [p['PartNumber'] for p in s3.list_parts(Bucket=bucket, Key='k', UploadId=up)['Parts']] == [1]
        """);

    /// <summary>test_get_paginated_multipart_object_attributes: ObjectParts lists the parts, paged, for an object uploaded without checksums too.</summary>
    [Fact]
    public Task ObjectAttributesListThePartsOfAnObjectWithoutChecksums() => RunAsync("""
        size = 5 * 1024 * 1024
        up = s3.create_multipart_upload(Bucket=bucket, Key='multipart')['UploadId']
        parts = [{'PartNumber': n, 'ETag': s3.upload_part(Bucket=bucket, Key='multipart', UploadId=up, PartNumber=n, Body=bytes([n]) * size)['ETag']} for n in range(1, 5)]
        s3.complete_multipart_upload(Bucket=bucket, Key='multipart', UploadId=up, MultipartUpload={'Parts': parts})
        attrs = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']
        page = s3.get_object_attributes(Bucket=bucket, Key='multipart', ObjectAttributes=attrs, MaxParts=1, PartNumberMarker=2)['ObjectParts']
        assert (page['TotalPartsCount'], page['MaxParts'], page['PartNumberMarker'], page['IsTruncated'], page['NextPartNumberMarker']) == (4, 1, 2, True, 3), page
        assert [(p['PartNumber'], p['Size']) for p in page['Parts']] == [(3, size)] and 'ChecksumSHA256' not in page['Parts'][0], page
        rest = s3.get_object_attributes(Bucket=bucket, Key='multipart', ObjectAttributes=attrs, MaxParts=10, PartNumberMarker=3)['ObjectParts']
        assert [p['PartNumber'] for p in rest['Parts']] == [4] and rest['IsTruncated'] is False, rest
        """);

    /// <summary>test_delete_marker_nonversioned: the 404 of a HEAD after a delete says x-amz-delete-marker: false.</summary>
    [Fact]
    public Task MissingKeySaysItIsNoDeleteMarker() => RunAsync("""
        s3.put_object(Bucket=bucket, Key='frodo.txt', Body=b'body')
        s3.delete_object(Bucket=bucket, Key='frodo.txt')
        status, _, response = error_of(s3.head_object, Bucket=bucket, Key='frodo.txt')
        assert status == 404 and response['ResponseMetadata']['HTTPHeaders'].get('x-amz-delete-marker') == 'false', response
        """);

    /// <summary>test_object_read_unreadable: the key '\xae\x8a-' (C1 control U+008A) is 400 "Couldn't parse the specified URI.".</summary>
    [Fact]
    public Task KeyWithAControlCharacterTakenFromRawBytesIsInvalidUri() => RunAsync("""
        status, code, response = error_of(s3.get_object, Bucket=bucket, Key='\xae\x8a-')
        assert (status, code, response['Error']['Message']) == (400, 'InvalidURI', "Couldn't parse the specified URI."), response
        s3.put_object(Bucket=bucket, Key='caf\xe9 \xae', Body=b'latin letters are text')
        assert s3.get_object(Bucket=bucket, Key='caf\xe9 \xae')['Body'].read() == b'latin letters are text'
        """);
}

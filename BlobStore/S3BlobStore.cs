using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// Blobs as objects in an S3-compatible store (Ceph RGW, MinIO, AWS S3), one object per blob named
/// <c>{prefix}{blob id}</c>, never by a user's key. Bytes the service encrypts (at rest, SSE-C) are
/// encrypted here before they leave the silo; the nonce and the customer-key check travel as object
/// metadata, so a ranged read is one ranged GET. A body of known length up to the multipart part size is read
/// into pooled memory (<see cref="S3UploadBufferPool"/>, bounded per silo) and sent in one PutObject signed with its
/// SHA-256 (or with Content-MD5 and no payload hash: <see cref="S3BlobStoreOptions.Integrity"/>, <see cref="S3PayloadHashHandler"/>);
/// one up to the threshold, or that finds no room in the pool, streams into one PutObject (signed chunk by chunk over plain
/// HTTP, its MD5 then the backend's ETag; else the ETag must equal the MD5 of the bytes sent); anything else is a backend multipart upload of buffered parts, each checked the same way. Backend failures become <see cref="StorageUnavailableException"/>
/// (503 for the client) after the retries that are safe: every blob ID is fresh, so repeating a request
/// can only write or delete the same bytes.
/// </summary>
public sealed partial class S3BlobStore : IBlobStore, IDisposable
{
    private const string NonceMetadata = "omp-nonce";
    private const string KeyCheckMetadata = "omp-key-check";

    /// <summary>One DeleteObjects request holds at most this many keys (the S3 API's limit).</summary>
    private const int DeleteBatch = 1000;

    /// <summary>How much of a body the SDK asks for at a time (one buffer of it per request in flight).</summary>
    private const int UploadReadSize = 256 * 1024;

    private readonly S3BlobStoreOptions _options;
    private readonly AmazonS3Client _s3;
    private readonly byte[] _encryptionKey;
    private readonly ResiliencePipeline _retry;
    private readonly S3UploadBufferPool _buffers;
    private readonly ILogger<S3BlobStore> _logger;

    /// <summary>
    /// Whether every body goes as UNSIGNED-PAYLOAD: over TLS, the one case the SDK allows it for any body. Over plain
    /// HTTP the SDK signs a streamed body chunk by chunk (aws-chunked, a SHA-256 and an HMAC per piece on both ends);
    /// over TLS that buys nothing: TLS protects the bytes in transit, and what the backend stored is checked
    /// against what was sent by Content-MD5 (buffered bodies) or the ETag equal to the sent bytes' MD5 (streamed).
    /// A buffered body with Content-MD5 goes unsigned over plain HTTP as well, its Content-MD5 being the check; one
    /// checked by its SHA-256 is signed with it over TLS too (<see cref="S3PayloadHashHandler"/>).
    /// </summary>
    private readonly bool _unsignedPayload;

    public S3BlobStore(IOptions<S3BlobStoreOptions> options, ILogger<S3BlobStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(S3BlobStoreOptions.Section, typeof(S3BlobStoreOptions), errors);
        }

        _encryptionKey = _options.DecodeEncryptionKey()!;
        var config = new AmazonS3Config
        {
            AuthenticationRegion = _options.Region,
            ForcePathStyle = _options.ForcePathStyle ?? _options.Endpoint is { Length: > 0 },
            // Polly retries what can be repeated; the SDK's own retries would also repeat a streamed body it cannot rewind.
            MaxErrorRetry = 0,
            // Bounded per request by the idle timeout below; a long part on a slow link is not a stalled one.
            Timeout = Timeout.InfiniteTimeSpan,
            // Integrity is Content-MD5 (buffered parts) and the ETag check (streamed bodies), which every
            // S3-compatible store supports; trailing checksums are not (Ceph before Reef refuses them).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // The SDK reads a request body in pieces of this size (default 8 KiB: 1,024 reads, hash updates and
            // idle-timer resets per 8 MiB part); a larger piece is fewer of each.
            BufferSize = UploadReadSize,
        };
        _unsignedPayload = _options.Endpoint is not { Length: > 0 } || new Uri(_options.Endpoint).Scheme == Uri.UriSchemeHttps;
        if (_options.Endpoint is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_options.Region);
        }

        _s3 = _options.AccessKey is { Length: > 0 } accessKey
            ? new S3BackendClient(new BasicAWSCredentials(accessKey, _options.SecretKey), config)
            : new S3BackendClient(config);
        _buffers = new S3UploadBufferPool(_options.UploadBufferMemory);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                OnRetry = args =>
                {
                    Log.Retrying(_logger, args.AttemptNumber + 1, args.Outcome.Exception is { } failed ? ErrorTypeOf(failed) : "", args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        if (_options.MaxRetries == 0)
        {
            _retry = ResiliencePipeline.Empty;
        }
    }

    /// <summary>The backend's client, for the readiness probe.</summary>
    internal IAmazonS3 Client => _s3;

    public async Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        if (options.Encrypt && options.CustomerKey is not null)
        {
            throw new ArgumentException("A blob is encrypted with the service's key or a customer key, not both.", nameof(options));
        }

        if (options.ExpectedLength > options.MaxLength)
        {
            throw new BlobTooLargeException(options.MaxLength);
        }

        var customer = options.CustomerKey;
        var suffix = customer is not null ? LocalBlobStore.CustomerKeySuffix : options.Encrypt ? LocalBlobStore.EncryptedSuffix : "";
        var blobId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + suffix;
        var nonce = RandomNumberGenerator.GetBytes(DecryptingStream.NonceLength);
        using var ctr = customer is not null ? LocalBlobStore.NewCustomerCtr(customer, nonce) : options.Encrypt ? new AesCtr(_encryptionKey, nonce) : null;
        var metadata = new Dictionary<string, string>();
        if (ctr is not null)
        {
            metadata[NonceMetadata] = Convert.ToHexStringLower(nonce);
        }

        if (customer is not null)
        {
            metadata[KeyCheckMetadata] = Convert.ToHexStringLower(LocalBlobStore.KeyCheck(customer, nonce));
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            // An empty body goes the multipart way: a streamed PutObject of zero bytes is refused by RGW's chunked-signature check.
            long length;
            byte[]? backendMd5 = null;
            if (options.ExpectedLength is { } expected && expected > 0 && expected <= _options.MultipartThreshold)
            {
                using var buffer = expected <= _options.MultipartPartSize ? _buffers.TryRent(expected) : null;
                if (buffer is not null)
                {
                    (length, backendMd5) = await PutBufferedAsync(blobId, source, buffer, options, md5, ctr, metadata, cancellationToken);
                }
                else
                {
                    (length, backendMd5) = await PutStreamedAsync(blobId, source, expected, options, md5, ctr, metadata, cancellationToken);
                }
            }
            else
            {
                length = await PutInPartsAsync(blobId, source, options, md5, ctr, metadata, cancellationToken);
            }

            return new BlobWriteResult(blobId, length, backendMd5 ?? md5.GetHashAndReset());
        }
        catch
        {
            await DeleteQuietlyAsync(blobId);
            throw;
        }
    }

    /// <summary>
    /// One PutObject of a body read whole into <paramref name="buffer"/> first: hashed (and encrypted) as it is read,
    /// sent with what the backend checks the bytes sent by (<see cref="S3BlobStoreOptions.Integrity"/>), retried, as the
    /// buffer can be sent again. Reading the caller's body before sending it costs a copy, but not a second hash:
    /// a streamed body over plain HTTP is signed chunk by chunk (a SHA-256 of every byte on both sides).
    /// <see cref="S3BlobIntegrity.Sha256"/>: the bytes sent are signed with their SHA-256, taken as they are read, and the
    /// MD5 of a blob not encrypted here is the backend's ETag (returned; null when the silo's own MD5 holds).
    /// <see cref="S3BlobIntegrity.ContentMd5"/>: the silo's MD5 of the bytes sent goes as Content-MD5.
    /// </summary>
    private async Task<(long Length, byte[]? BackendMd5)> PutBufferedAsync(string blobId, Stream source, S3UploadBuffer buffer, BlobWriteOptions options, IncrementalHash md5, AesCtr? ctr, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var signed = _options.Integrity == S3BlobIntegrity.Sha256;

        // Stored verbatim, the bytes' MD5 is what the backend computes for its ETag anyway, and the signed SHA-256
        // makes the backend refuse any other bytes: the silo's own MD5 pass would be the same work done twice
        // (measured: half the S3-backed silo's CPU per GiB of 8 MiB parts once Kestrel reads in large blocks).
        var md5FromBackend = signed && ctr is null;

        // The hash of the bytes sent. Unencrypted, they are the plaintext: when the caller signed its payload, its
        // SHA-256 is already being taken over the same bytes (an extra hash), and one pass serves both checks.
        var callerSha256 = md5FromBackend ? options.ExtraHashes?.FirstOrDefault(h => h.AlgorithmName == HashAlgorithmName.SHA256) : null;
        using var ownSentHash = signed ? (callerSha256 is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null)
            : ctr is not null ? IncrementalHash.CreateHash(HashAlgorithmName.MD5)
            : null;
        var sentHash = callerSha256 ?? ownSentHash ?? md5;
        var expected = buffer.Capacity;
        while (buffer.Length < expected)
        {
            var free = buffer.FreeSpace;
            var read = await source.ReadAsync(free, cancellationToken);
            if (read == 0)
            {
                throw new IncompleteBodyException(expected, buffer.Length);
            }

            var chunk = free.Span[..read];
            if (!md5FromBackend)
            {
                md5.AppendData(chunk);
            }

            if (options.ExtraHashes is { } extra)
            {
                foreach (var hash in extra)
                {
                    hash.AppendData(chunk);
                }
            }

            ctr?.Transform(chunk, buffer.Length);
            if (sentHash != md5 && sentHash != callerSha256)
            {
                sentHash.AppendData(chunk);
            }

            buffer.Advance(read);
        }

        if (await ReadsMoreAsync(source, cancellationToken))
        {
            throw new IncompleteBodyException(expected, expected + 1);
        }

        var sent = sentHash.GetCurrentHash();
        var stored = await RunAsync("PutObject", async token =>
        {
            using var body = buffer.OpenRead();
            var put = new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = KeyOf(blobId),
                InputStream = body,
                AutoCloseStream = false,
                MD5Digest = signed ? null : Convert.ToBase64String(sent),
                ContentType = "application/octet-stream",
                DisablePayloadSigning = _unsignedPayload && !signed ? true : null,
                UseChunkEncoding = false,
                // The SDK's own check (an MD5 of the body as it sends it, compared with the ETag) would be the MD5
                // pass this path exists to avoid; the backend checks the bytes (signed SHA-256 or Content-MD5).
                DisableDefaultChecksumValidation = true,
            };
            put.Headers.ContentLength = expected;
            foreach (var (name, value) in metadata)
            {
                put.Metadata[name] = value;
            }

            if (signed)
            {
                S3PayloadHashHandler.SignPayload(put, sent);
            }

            return await _s3.PutObjectAsync(put, token);
        }, cancellationToken);
        if (!md5FromBackend)
        {
            return (expected, null);
        }

        if (Md5OfETag(stored.ETag) is { } backendMd5)
        {
            return (expected, backendMd5);
        }

        // Not an MD5: this backend's ETags are not what the default assumes. The bytes are still here to hash.
        Log.ETagNotMd5(_logger, stored.ETag ?? "");
        buffer.AppendTo(md5);
        return (expected, md5.GetHashAndReset());
    }

    /// <summary>The 16 bytes of an ETag that is an MD5 (32 hex digits, quoted or not), else null.</summary>
    private static byte[]? Md5OfETag(string? etag)
    {
        var hex = etag?.Trim().Trim('"');
        return hex is { Length: 32 } && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
    }

    /// <summary>
    /// One PutObject streamed from the caller: not retried (the body cannot be read twice); the client retries the 503.
    /// Over plain HTTP the SDK signs the body chunk by chunk as it goes (<c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>: a
    /// SHA-256 of every piece in its signature, which the backend verifies), so with <see cref="S3BlobIntegrity.Sha256"/>
    /// the MD5 of a blob not encrypted here is the backend's ETag, as for a buffered body, and the silo takes no MD5
    /// (returned; null when the silo's own MD5 holds). Otherwise (over TLS the SDK sends <c>UNSIGNED-PAYLOAD</c>; with
    /// <see cref="S3BlobIntegrity.ContentMd5"/>) the backend's ETag must equal the silo's MD5 of the bytes sent.
    /// </summary>
    private async Task<(long Length, byte[]? BackendMd5)> PutStreamedAsync(string blobId, Stream source, long expected, BlobWriteOptions options, IncrementalHash md5, AesCtr? ctr, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var md5FromBackend = !_unsignedPayload && _options.Integrity == S3BlobIntegrity.Sha256 && ctr is null;

        // Unencrypted, the bytes sent are the plaintext: its MD5 is the one the ETag must equal, and a second
        // MD5 pass over the same bytes would only cost CPU (on a loaded silo, a third of a streamed part's).
        using var sentMd5 = ctr is not null ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        using var body = new S3UploadStream(source, expected, options, md5FromBackend ? null : md5, sentMd5, ctr, _options.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, body.Stalled);
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = KeyOf(blobId),
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            DisablePayloadSigning = _unsignedPayload,
            UseChunkEncoding = !_unsignedPayload,
            // The ETag is checked against the silo's MD5 of the bytes sent below; the SDK's MD5 of the same bytes would be a second pass.
            DisableDefaultChecksumValidation = true,
        };
        request.Headers.ContentLength = expected;
        request.Headers.ContentType = "application/octet-stream";
        foreach (var (name, value) in metadata)
        {
            request.Metadata[name] = value;
        }

        PutObjectResponse response;
        try
        {
            response = await _s3.PutObjectAsync(request, linked.Token);
        }
        catch (Exception) when (body.Failure is { } failure and not OperationCanceledException)
        {
            // The caller's side failed (a limit, a short body, the client gone): report that, not the SDK's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("PutObject", ex);
        }

        if (await ReadsMoreAsync(source, cancellationToken))
        {
            throw new IncompleteBodyException(expected, expected + 1);
        }

        if (md5FromBackend)
        {
            // The chunk signatures made the backend refuse any other bytes; an ETag that is no MD5 leaves no MD5 at all.
            return (expected, Md5OfETag(response.ETag) ?? throw new StorageUnavailableException(
                $"The blob backend's ETag {response.ETag} for {blobId} is not an MD5; set {S3BlobStoreOptions.Section}:Integrity to ContentMd5 for this backend."));
        }

        var sent = Convert.ToHexStringLower(sentMd5 is not null ? sentMd5.GetHashAndReset() : md5.GetCurrentHash());
        if (!string.Equals(response.ETag?.Trim('"'), sent, StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageUnavailableException($"The blob backend stored other bytes than were sent for {blobId} (ETag {response.ETag}, MD5 {sent}).");
        }

        return (expected, null);
    }

    /// <summary>A body of unknown length or above the threshold: one PutObject when it fits one buffer, else a backend multipart upload, each piece checked by the backend (<see cref="S3BlobStoreOptions.Integrity"/>) and retried.</summary>
    private async Task<long> PutInPartsAsync(string blobId, Stream source, BlobWriteOptions options, IncrementalHash md5, AesCtr? ctr, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var partSize = _options.MultipartPartSize;
        var signed = _options.Integrity == S3BlobIntegrity.Sha256;
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        string? uploadId = null;
        var key = KeyOf(blobId);
        try
        {
            long length = 0;
            var parts = new List<PartETag>();
            while (true)
            {
                var filled = await FillAsync(source, buffer, partSize, cancellationToken);
                if (length + filled > options.MaxLength)
                {
                    throw new BlobTooLargeException(options.MaxLength);
                }

                md5.AppendData(buffer, 0, filled);
                if (options.ExtraHashes is { } extra)
                {
                    foreach (var hash in extra)
                    {
                        hash.AppendData(buffer, 0, filled);
                    }
                }

                ctr?.Transform(buffer.AsSpan(0, filled), length);
                length += filled;

                // What the backend checks this piece by: its SHA-256 as the signed payload hash, or its MD5 as Content-MD5.
                var piece = buffer.AsSpan(0, filled);
                var pieceSha256 = signed ? SHA256.HashData(piece) : null;
                var contentMd5 = signed ? null : Convert.ToBase64String(MD5.HashData(piece));
                if (uploadId is null && filled < partSize)
                {
                    CheckExpected(options, length);
                    await RunAsync("PutObject", async token =>
                    {
                        var put = new PutObjectRequest { BucketName = _options.Bucket, Key = key, InputStream = new MemoryStream(buffer, 0, filled, writable: false), MD5Digest = contentMd5, ContentType = "application/octet-stream", DisablePayloadSigning = _unsignedPayload && !signed ? true : null, UseChunkEncoding = false, DisableDefaultChecksumValidation = true };
                        foreach (var (name, value) in metadata)
                        {
                            put.Metadata[name] = value;
                        }

                        await _s3.PutObjectAsync(SignedWith(put, pieceSha256), token);
                    }, cancellationToken);
                    return length;
                }

                if (uploadId is null)
                {
                    uploadId = await RunAsync("CreateMultipartUpload", async token =>
                    {
                        var initiate = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key, ContentType = "application/octet-stream" };
                        foreach (var (name, value) in metadata)
                        {
                            initiate.Metadata[name] = value;
                        }

                        return (await _s3.InitiateMultipartUploadAsync(initiate, token)).UploadId;
                    }, cancellationToken);
                }

                if (filled > 0 || parts.Count == 0)
                {
                    var partNumber = parts.Count + 1;
                    var etag = await RunAsync("UploadPart", async token => (await _s3.UploadPartAsync(SignedWith(new UploadPartRequest
                    {
                        BucketName = _options.Bucket,
                        Key = key,
                        UploadId = uploadId,
                        PartNumber = partNumber,
                        InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                        MD5Digest = contentMd5,
                        DisablePayloadSigning = _unsignedPayload && !signed ? true : null,
                        UseChunkEncoding = false,
                        DisableDefaultChecksumValidation = true,
                    }, pieceSha256), token)).ETag, cancellationToken);
                    parts.Add(new PartETag(partNumber, etag));
                }

                if (filled < partSize)
                {
                    break;
                }
            }

            CheckExpected(options, length);
            await RunAsync("CompleteMultipartUpload", token => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, token), cancellationToken);
            uploadId = null;
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (uploadId is not null)
            {
                await AbortQuietlyAsync(key, uploadId);
            }
        }
    }

    /// <summary><paramref name="request"/> signed with <paramref name="sha256"/> as its payload hash, when given (else as it is).</summary>
    private static T SignedWith<T>(T request, byte[]? sha256)
        where T : AmazonWebServiceRequest => sha256 is null ? request : S3PayloadHashHandler.SignPayload(request, sha256);

    private static void CheckExpected(BlobWriteOptions options, long length)
    {
        if (options.ExpectedLength is { } expected && length != expected)
        {
            throw new IncompleteBodyException(expected, length);
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes or the end of <paramref name="source"/>.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static async Task<bool> ReadsMoreAsync(Stream source, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        return await source.ReadAsync(one, cancellationToken) > 0;
    }

    public async ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        var key = KeyOf(blobId);
        var customerKeyed = LocalBlobStore.HasSuffix(blobId, LocalBlobStore.CustomerKeySuffix);
        if (customerKeyed && customerKey is null)
        {
            throw new CustomerKeyRequiredException(blobId);
        }

        if (!customerKeyed && customerKey is not null)
        {
            throw new ArgumentException($"Blob {blobId} is not encrypted with a customer key.", nameof(customerKey));
        }

        if (length <= 0)
        {
            // No byte wanted (an empty part): a HEAD proves the blob and the key; a ranged GET of an empty object is 416.
            var head = await RunReadAsync(blobId, token => _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key }, token), cancellationToken);
            CipherFor(blobId, head.Metadata, customerKey)?.Dispose();
            return Stream.Null;
        }

        var response = await RunReadAsync(blobId, token => _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            ByteRange = new ByteRange(offset, offset + length - 1),
        }, token), cancellationToken);
        try
        {
            return new S3ReadStream(response, CipherFor(blobId, response.Metadata, customerKey), offset);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The cipher of an encrypted blob from its metadata (checking a customer key first), null for a plain one.</summary>
    private AesCtr? CipherFor(string blobId, MetadataCollection metadata, CustomerKey? customerKey)
    {
        if (!LocalBlobStore.HasSuffix(blobId, LocalBlobStore.CustomerKeySuffix) && !LocalBlobStore.HasSuffix(blobId, LocalBlobStore.EncryptedSuffix))
        {
            return null;
        }

        var nonce = Convert.FromHexString(metadata[NonceMetadata] ?? throw new InvalidDataException($"Blob {blobId} lacks its nonce."));
        if (customerKey is null)
        {
            return new AesCtr(_encryptionKey, nonce);
        }

        var check = Convert.FromHexString(metadata[KeyCheckMetadata] ?? throw new InvalidDataException($"Blob {blobId} lacks its key check."));
        if (!CryptographicOperations.FixedTimeEquals(check, LocalBlobStore.KeyCheck(customerKey, nonce)))
        {
            throw new CustomerKeyMismatchException(blobId);
        }

        return LocalBlobStore.NewCustomerCtr(customerKey, nonce);
    }

    private async Task<T> RunReadAsync<T>(string blobId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        return await RunAsync("GetObject", async token =>
        {
            try
            {
                return await call(token);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                throw new FileNotFoundException($"Blob {blobId} is gone.", blobId);
            }
        }, cancellationToken);
    }

    public async ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken)
    {
        foreach (var batch in blobIds.Chunk(DeleteBatch))
        {
            var request = new DeleteObjectsRequest
            {
                BucketName = _options.Bucket,
                Quiet = true,
                Objects = [.. batch.Select(id => new KeyVersion { Key = KeyOf(id) })],
            };
            await RunAsync("DeleteObjects", async token =>
            {
                try
                {
                    await _s3.DeleteObjectsAsync(request, token);
                }
                catch (DeleteObjectsException ex) when (ex.Response.DeleteErrors.All(e => e.Code == "NoSuchKey"))
                {
                    // Already gone: what a delete wants.
                }
            }, cancellationToken);
        }
    }

    public async IAsyncEnumerable<(string BlobId, DateTimeOffset LastWrite)> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var token = continuation;
            var page = await RunAsync("ListObjectsV2", t => _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _options.Bucket,
                Prefix = _options.Prefix,
                ContinuationToken = token,
                MaxKeys = 1000,
            }, t), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var blobId = item.Key[_options.Prefix.Length..];
                if (IsBlobId(blobId) && item.LastModified is { } modified)
                {
                    yield return (blobId, new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero));
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <summary>Whether the bucket answers: the readiness probe (one HEAD, no retry, the request timeout).</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1 }, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("ListObjectsV2", ex);
        }
    }

    /// <summary>One backend call, bounded by the request timeout per attempt and retried while the failure is transient; a failure that remains is a <see cref="StorageUnavailableException"/>.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
                attempt.CancelAfter(_options.RequestTimeout);
                try
                {
                    return await call(attempt.Token);
                }
                catch (OperationCanceledException ex) when (attempt.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    throw new TimeoutException($"The blob backend did not answer {operation} within {_options.RequestTimeout}.", ex);
                }
            }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException and not FileNotFoundException)
        {
            throw Unavailable(operation, ex);
        }
    }

    private Task RunAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync<bool>(operation, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Worth repeating: the backend unreachable, slow, throttling or failing on its side. A 4xx other than 408/429 is the request's fault and is not repeated.</summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests } => true,
        AmazonServiceException { StatusCode: 0 } service => service.InnerException is not null,
        AmazonServiceException => false,
        FileNotFoundException => false,
        TimeoutException or HttpRequestException or IOException => true,
        AmazonClientException client => client.InnerException is not null && IsTransient(client.InnerException),
        _ => false,
    };

    private StorageUnavailableException Unavailable(string operation, Exception ex)
    {
        if (ex is StorageUnavailableException already)
        {
            return already;
        }

        Log.Unavailable(_logger, operation, ErrorTypeOf(ex), ex.Message);
        return new StorageUnavailableException($"The blob backend failed {operation}: {ErrorTypeOf(ex)}: {ex.Message}");
    }

    /// <summary>
    /// The exception's type, and for a backend's answer its status and error code: RGW's errors carry a code and often no
    /// message (a body refused for its SHA-256 reads "AmazonS3Exception 400 XAmzContentSHA256Mismatch").
    /// </summary>
    private static string ErrorTypeOf(Exception ex) => ex is AmazonServiceException { StatusCode: > 0 } service
        ? $"{ex.GetType().Name} {(int)service.StatusCode} {service.ErrorCode}".TrimEnd()
        : ex.GetType().Name;

    private async Task DeleteQuietlyAsync(string blobId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = KeyOf(blobId) }, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The write already failed; the orphan sweep reclaims what is left.
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left for the bucket's AbortIncompleteMultipartUpload lifecycle rule (see the README).
        }
    }

    private string KeyOf(string blobId)
    {
        if (!IsBlobId(blobId))
        {
            throw new ArgumentException("Not a blob ID.", nameof(blobId));
        }

        return _options.Prefix + blobId;
    }

    private static bool IsBlobId(string blobId)
    {
        var hex = blobId.Length == 33 && (blobId[32] == LocalBlobStore.EncryptedSuffix[0] || blobId[32] == LocalBlobStore.CustomerKeySuffix[0]) ? blobId[..32] : blobId;
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigitLower);
    }

    public void Dispose() => _s3.Dispose();
}

using System.Security.Cryptography;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// The body of a streamed PutObject as the SDK reads it: the caller's bytes, counted against the limits,
/// hashed (plaintext MD5 unless the backend's ETag gives it, and any extra hashes), encrypted when asked, and hashed again as sent (the MD5
/// the backend's ETag must equal; not when nothing is encrypted, as they are the plaintext). A limit broken or the source failing is remembered in <see cref="Failure"/>,
/// so that the store reports it rather than the SDK's wrapper. While the SDK is not reading (the backend
/// not taking bytes, or not answering after the last one) <see cref="Stalled"/> is cancelled after the idle timeout.
/// </summary>
internal sealed class S3UploadStream : ReadOnlyForwardStream
{
    private readonly Stream _source;
    private readonly long _expected;
    private readonly BlobWriteOptions _options;
    private readonly IncrementalHash? _md5;
    private readonly IncrementalHash? _sentMd5;
    private readonly AesCtr? _ctr;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _stall = new();
    private long _position;

    public S3UploadStream(Stream source, long expected, BlobWriteOptions options, IncrementalHash? md5, IncrementalHash? sentMd5, AesCtr? ctr, TimeSpan idleTimeout)
    {
        _source = source;
        _expected = expected;
        _options = options;
        _md5 = md5;
        _sentMd5 = sentMd5;
        _ctr = ctr;
        _idleTimeout = idleTimeout;
        _stall.CancelAfter(idleTimeout);
    }

    /// <summary>Cancelled when the backend took no byte (or did not answer) for the idle timeout.</summary>
    public CancellationToken Stalled => _stall.Token;

    /// <summary>What went wrong on the caller's side while the SDK read, if anything.</summary>
    public Exception? Failure { get; private set; }

    public override long Length => _expected;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _stall.CancelAfter(Timeout.InfiniteTimeSpan); // waiting for the caller is not the backend stalling
        try
        {
            var want = (int)Math.Min(buffer.Length, _expected - _position);
            if (want == 0)
            {
                return 0;
            }

            var read = await _source.ReadAsync(buffer[..want], cancellationToken);
            if (read == 0)
            {
                throw new IncompleteBodyException(_expected, _position);
            }

            var chunk = buffer.Span[..read];
            _md5?.AppendData(chunk);
            if (_options.ExtraHashes is { } extra)
            {
                foreach (var hash in extra)
                {
                    hash.AppendData(chunk);
                }
            }

            _ctr?.Transform(chunk, _position);
            _sentMd5?.AppendData(chunk);
            _position += read;
            return read;
        }
        catch (Exception ex)
        {
            Failure ??= ex;
            throw;
        }
        finally
        {
            _stall.CancelAfter(_idleTimeout);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stall.Dispose();
        }

        base.Dispose(disposing);
    }
}

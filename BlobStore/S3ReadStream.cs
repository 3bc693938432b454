using Amazon.S3.Model;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// The body of a ranged backend GET, forward only, decrypted on the way when the blob is encrypted (AES-CTR
/// from the range's plaintext offset). Owns the response. A backend failure mid-body surfaces as an
/// <see cref="IOException"/>; the response is already under way, so it is not retried.
/// </summary>
internal sealed class S3ReadStream(GetObjectResponse response, AesCtr? ctr, long offset) : ReadOnlyForwardStream
{
    private readonly Stream _body = response.ResponseStream;
    private long _position = offset;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException)
        {
            throw new IOException("The blob backend broke off a read.", ex);
        }

        ctr?.Transform(buffer.Span[..read], _position);
        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
            ctr?.Dispose();
        }

        base.Dispose(disposing);
    }
}

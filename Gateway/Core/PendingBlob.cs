using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// A blob written for a request that no part or object references yet. Its owner disposes it on
/// every path; unless <see cref="Commit"/> was called (the grain registered it), disposing deletes the
/// blob, so a refused or failed request leaves nothing behind whichever check refused it.
/// </summary>
internal sealed class PendingBlob(IBlobStore blobs, StoredBlob blob) : IAsyncDisposable
{
    private bool _settled;

    public StoredBlob Blob => blob;

    /// <summary>The metadata now references the blob: keep it.</summary>
    public void Commit() => _settled = true;

    /// <summary>Deletes the blob unless committed; a failed delete leaves it to the orphan sweep (never fails the request twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_settled)
        {
            _settled = true;
            try
            {
                await blobs.DeleteAsync([blob.BlobId], CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The request already failed; the orphan sweep reclaims the blob later.
            }
        }
    }
}

using Orleans.Multipart.Storage.Blobs;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// The S3 blob backend answers (<c>Storage:Blobs:Provider=S3</c>): a silo and a standalone gateway both
/// write part bytes there, so either is unready while it does not. Nothing to ask with the local store.
/// </summary>
internal sealed class BlobBackendReadinessProbe(S3BlobStore? s3 = null) : IReadinessProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (s3 is null)
        {
            return null;
        }

        try
        {
            await s3.ProbeAsync(cancellationToken);
            return null;
        }
        catch (StorageUnavailableException ex)
        {
            return "blob backend unreachable: " + ex.Message;
        }
    }
}

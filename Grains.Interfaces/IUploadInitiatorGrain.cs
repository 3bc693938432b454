namespace Orleans.Multipart;

/// <summary>
/// Opens multipart uploads for the HTTP gateways: the same outcome as <see cref="IObjectGrain.Initiate"/>
/// (the store decides every race and enforces the bucket's initiate rule in its transaction), without
/// activating the key's object grain. A stateless worker, so a call runs on the silo that received it:
/// an initiate costs no activation of a grain that is idle until its upload completes, and no hop to
/// another silo. Address it with key 0.
/// </summary>
[Alias("omp.upload-initiator")]
public interface IUploadInitiatorGrain : IGrainWithIntegerKey
{
    /// <summary>Opens a multipart upload of <paramref name="bucket"/>/<paramref name="key"/>. Throws NoSuchBucket, or ObjectAlreadyExists / UploadInProgress in an exclusive bucket.</summary>
    [GrainAction("s3:PutObject", Resource = GrainActionResource.Arguments)]
    [Alias("initiate")]
    Task<UploadInfo> Initiate(string bucket, string key, ObjectSettings settings);
}

using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>The backend's S3 client: the SDK's, with the payload hash the store chose (Content-MD5 and <c>UNSIGNED-PAYLOAD</c>, or its own SHA-256) (<see cref="S3PayloadHashHandler"/>).</summary>
internal sealed class S3BackendClient : AmazonS3Client
{
    public S3BackendClient(AWSCredentials credentials, AmazonS3Config config)
        : base(credentials, config)
    {
    }

    public S3BackendClient(AmazonS3Config config)
        : base(config)
    {
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Signer>(new S3PayloadHashHandler());
    }
}

using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>The backend's S3 client: the SDK's, with bodies that carry Content-MD5 sent as <c>UNSIGNED-PAYLOAD</c> (<see cref="S3UnsignedPayloadHandler"/>).</summary>
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
        pipeline.AddHandlerBefore<Signer>(new S3UnsignedPayloadHandler());
    }
}

using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Orleans.Multipart.Client.Credentials;

/// <summary>
/// Puts the call credential (<see cref="CallCredential"/>) on every call this process makes to the
/// service's grains from outside a grain: an internal client's calls, a gateway's. The credential signs the
/// principal the call names (<see cref="CallerContext"/>, set by a gateway for its HTTP caller), if any; the
/// silos decide whether the key may name it. Calls a grain makes carry the credential of the call that
/// reached the grain and need no other.
/// </summary>
public sealed class CallSigningFilter(CallSigner signer, IOptions<ClusterOptions> cluster) : IOutgoingGrainCallFilter
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceId is { } source && !source.IsClient())
        {
            return context.Invoke();
        }

        RequestContext.Set(CallCredential.Key, signer.CredentialFor(_serviceId, CallerContext.Current));
        return context.Invoke();
    }
}

namespace Orleans.Multipart.GatewayHost;

/// <summary>
/// What the standalone gateway's /readyz reports: ready once the host has started (the Orleans client
/// connects during start-up), not ready again once shutdown starts, so a load balancer drains it first.
/// </summary>
public sealed class GatewayReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}

namespace Orleans.Multipart.Hosting;

/// <summary>
/// Whether the host may take traffic, as the host decides (a silo once it is active with its schema in
/// place, a standalone gateway once it has started); not ready again once shutdown starts, so a load
/// balancer drains it first. /readyz checks this before any dependency.
/// </summary>
public sealed class ReadinessState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}

namespace Orleans.Multipart.Hosting;

/// <summary>
/// One thing a host cannot serve without (the database, the cluster, the blob backend), asked by /readyz.
/// Registered with <see cref="MultipartHostingExtensions.AddReadinessProbe{TProbe}"/>.
/// </summary>
public interface IReadinessProbe
{
    /// <summary>Null when the dependency answers; otherwise why not, as /readyz reports it ("database unreachable: ...").</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

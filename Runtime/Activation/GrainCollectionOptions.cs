namespace Orleans.Multipart.Runtime.Activation;

/// <summary>When idle activations are collected (Orleans' GrainCollectionOptions, same meaning).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>
    /// An activation that has received no call for this long is deactivated. Default: 15 minutes, long
    /// enough that an upload sending a part every few minutes keeps its grain warm, short enough that
    /// a silo with millions of finished uploads does not hold them all.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one activation's OnActivateAsync / OnDeactivateAsync may run. Default: 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

namespace Orleans.Multipart.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation through
/// dependency injection and runs its calls one at a time (non-reentrant turns).
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal void Attach(IGrainContext context) => _context = context;

    protected IGrainContext Context => _context ?? throw new InvalidOperationException("The grain is not activated.");

    public GrainId GrainId => Context.GrainId;

    /// <summary>The key this activation was created for.</summary>
    protected string GrainKey => Context.GrainId.Key;

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Called once before the first call is delivered; load state here.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the activation is collected or the silo stops.</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to collect this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();
}

/// <summary>What an activation knows about itself.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }
    IGrainFactory GrainFactory { get; }
    void DeactivateOnIdle();
}

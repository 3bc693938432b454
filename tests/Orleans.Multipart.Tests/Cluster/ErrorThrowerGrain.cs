namespace Orleans.Multipart.Tests.Cluster;

/// <summary>A test grain that throws any of the service's error codes, and says which silo it lives on.</summary>
[Alias("omp.test.error-thrower")]
public interface IErrorThrowerGrain : IGrainWithStringKey
{
    [Alias("throw")]
    Task Throw(MultipartError error);

    [Alias("silo")]
    Task<SiloAddress> Silo();
}

// Activated where first called, so a test can put it on the silo it wants (the default placement weighs load and may pick either).
[GrainType("test-error-thrower")]
[Orleans.Placement.PreferLocalPlacement]
public sealed class ErrorThrowerGrain(ILocalSiloDetails silo) : Grain, IErrorThrowerGrain
{
    public Task Throw(MultipartError error) => throw new MultipartException(error, "thrown as " + error);

    public Task<SiloAddress> Silo() => Task.FromResult(silo.SiloAddress);
}

using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Storage;

namespace Orleans.Multipart.Silo.Storage.Faults;

/// <summary>
/// Orleans' ADO.NET grain storage with a database outage turned into a <see cref="StorageUnavailableException"/>.
/// Grain state is read while a grain activates (BucketGrain's settings), outside any grain-call filter: the
/// driver's exception failed the activation and reached a caller in another process as a
/// <c>CodecNotFoundException</c> (500). Every read, write and clear goes through here.
/// </summary>
internal sealed class OutageConvertingGrainStorage(IGrainStorage inner, ISqlDialect dialect) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// Wraps the keyed grain storage <paramref name="name"/> registered before (Orleans' AddAdoNetGrainStorage)
    /// in place: same name, so grains and stored rows are unchanged; Orleans resolves the keyed storage for
    /// its lifecycle too, which this forwards.
    /// </summary>
    public static void Decorate(IServiceCollection services, string name, ISqlDialect dialect)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory; cannot wrap it.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new OutageConvertingGrainStorage((IGrainStorage)factory(sp, key), dialect));
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ConvertAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), "a grain state read");

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ConvertAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), "a grain state write");

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ConvertAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), "a grain state clear");

    private async Task ConvertAsync(Func<Task> operation, string what)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (DatabaseOutage.Find(dialect, ex) is { } db)
        {
            throw DatabaseOutage.Unavailable(db, what);
        }
    }
}

using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Storage.Faults;

/// <summary>
/// Orleans' ADO.NET reminder table with a database outage turned into a <see cref="StorageUnavailableException"/>.
/// The reminder service that owns a grain's range may run on another silo: a driver exception from the
/// table reached the grain registering its reminder (the expiry sweep) as a <c>CodecNotFoundException</c>.
/// </summary>
internal sealed class OutageConvertingReminderTable(IReminderTable inner, ISqlDialect dialect) : IReminderTable
{
    /// <summary>Wraps the <see cref="IReminderTable"/> registered before (Orleans' UseAdoNetReminderService) in place.</summary>
    public static void Decorate(IServiceCollection services, ISqlDialect dialect)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService);
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(sp => new OutageConvertingReminderTable(Create(sp, registered), dialect));
    }

    private static IReminderTable Create(IServiceProvider services, ServiceDescriptor registered) =>
        (IReminderTable)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));

    public Task StartAsync(CancellationToken cancellationToken = default) => ConvertAsync(() => inner.StartAsync(cancellationToken), "the reminder table's start");

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ConvertAsync(() => inner.ReadRows(grainId), "a reminder read");

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) => ConvertAsync(() => inner.ReadRows(grainId, cancellationToken), "a reminder read");

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ConvertAsync(() => inner.ReadRows(begin, end), "a reminder range read");

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => ConvertAsync(() => inner.ReadRows(begin, end, cancellationToken), "a reminder range read");

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ConvertAsync(() => inner.ReadRow(grainId, reminderName), "a reminder read");

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) => ConvertAsync(() => inner.ReadRow(grainId, reminderName, cancellationToken), "a reminder read");

    public Task<string?> UpsertRow(ReminderEntry entry) => ConvertAsync(() => inner.UpsertRow(entry), "a reminder write");

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) => ConvertAsync(() => inner.UpsertRow(entry, cancellationToken), "a reminder write");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => ConvertAsync(() => inner.RemoveRow(grainId, reminderName, eTag), "a reminder removal");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        ConvertAsync(() => inner.RemoveRow(grainId, reminderName, eTag, cancellationToken), "a reminder removal");

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);

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

    private async Task<T> ConvertAsync<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (DatabaseOutage.Find(dialect, ex) is { } db)
        {
            throw DatabaseOutage.Unavailable(db, what);
        }
    }
}

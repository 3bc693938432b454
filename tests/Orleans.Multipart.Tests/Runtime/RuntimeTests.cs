using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Runtime;
using Orleans.Multipart.Runtime.Activation;
using Orleans.Multipart.Runtime.Hosting;
using Orleans.Multipart.Runtime.Persistence;
using Orleans.Multipart.Runtime.Reminders;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Runtime;

[GrainType("test-counter")]
public interface ICounterGrain : IGrainWithStringKey, IRemindable
{
    Task<int> Increment(int delayMs);

    Task<int> MaxConcurrency();

    Task<Guid> InstanceId();

    [AlwaysInterleave]
    Task<int> Peek();

    Task<string> Fail();

    Task<int> RemindersReceived();

    Task RegisterReminder(TimeSpan due);
}

public sealed class CounterGrain(IReminderTable reminders, TimeProvider time) : Grain, ICounterGrain
{
    private readonly Guid _instance = Guid.NewGuid();
    private int _count;
    private int _inside;
    private int _max;
    private int _reminders;

    public static int Activations;
    public static int Deactivations;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Activations);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Deactivations);
        return Task.CompletedTask;
    }

    public async Task<int> Increment(int delayMs)
    {
        var inside = Interlocked.Increment(ref _inside);
        _max = Math.Max(_max, inside);
        var before = _count;
        await Task.Delay(delayMs);
        _count = before + 1; // lost updates would show if two turns interleaved
        Interlocked.Decrement(ref _inside);
        return _count;
    }

    public Task<int> MaxConcurrency() => Task.FromResult(_max);

    public Task<Guid> InstanceId() => Task.FromResult(_instance);

    public Task<int> Peek() => Task.FromResult(_count);

    public Task<string> Fail() => throw new InvalidOperationException("grain failure");

    public Task<int> RemindersReceived() => Task.FromResult(_reminders);

    public Task RegisterReminder(TimeSpan due) =>
        reminders.UpsertAsync(new ReminderEntry(GrainId, "tick", time.GetUtcNow() + due, TimeSpan.Zero));

    public Task ReceiveReminder(string reminderName)
    {
        _reminders++;
        return Task.CompletedTask;
    }
}

public sealed class RuntimeTests
{
    private static (ServiceProvider Services, ManualTimeProvider Time) Build()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IReminderTable, InMemoryReminderTable>()
            .AddGrainRuntime()
            .AddGrain<ICounterGrain, CounterGrain>()
            .BuildServiceProvider();
        return (services, time);
    }

    [Fact]
    public async Task OneActivationPerKeyAndTurnsNeverOverlap()
    {
        var (services, _) = Build();
        var factory = services.GetRequiredService<IGrainFactory>();
        var grain = factory.GetGrain<ICounterGrain>("a");
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => factory.GetGrain<ICounterGrain>("a").Increment(1)));

        Assert.Equal(Enumerable.Range(1, 50), results.Order());
        Assert.Equal(1, await grain.MaxConcurrency());
        Assert.Equal(await grain.InstanceId(), await factory.GetGrain<ICounterGrain>("a").InstanceId());
        Assert.NotEqual(await grain.InstanceId(), await factory.GetGrain<ICounterGrain>("b").InstanceId());
        Assert.Equal(2, services.GetRequiredService<ActivationDirectory>().Count);
    }

    [Fact]
    public async Task InterleavingMethodRunsDuringALongTurn()
    {
        var (services, _) = Build();
        var grain = services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("slow");
        await grain.Increment(0);
        var slow = grain.Increment(2000);
        var peek = grain.Peek();
        Assert.True(await Task.WhenAny(peek, Task.Delay(1500)) == peek, "Peek waited for the long turn");
        Assert.Equal(2, await slow);
    }

    [Fact]
    public async Task GrainExceptionsReachTheCaller()
    {
        var (services, _) = Build();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("x").Fail());
        Assert.Equal("grain failure", ex.Message);
    }

    [Fact]
    public async Task IdleActivationsAreCollectedAndComeBackOnTheNextCall()
    {
        var (services, time) = Build();
        var grain = services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("idle");
        var first = await grain.InstanceId();
        var collector = services.GetRequiredService<ActivationCollector>();

        Assert.Equal(0, await collector.CollectOnceAsync(default));
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await collector.CollectOnceAsync(default));
        Assert.Equal(0, services.GetRequiredService<ActivationDirectory>().Count);

        Assert.NotEqual(first, await grain.InstanceId());
    }

    [Fact]
    public async Task DueRemindersAreDeliveredOnceAndOneShotsRemoved()
    {
        var (services, time) = Build();
        var grain = services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("remind");
        await grain.RegisterReminder(TimeSpan.FromMinutes(5));
        var service = services.GetRequiredService<ReminderService>();

        Assert.Equal(0, await service.DeliverDueAsync(default));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await service.DeliverDueAsync(default));
        Assert.Equal(0, await service.DeliverDueAsync(default));
        Assert.Equal(1, await grain.RemindersReceived());
    }

    [Fact]
    public async Task StaleStateWriteFailsInsteadOfOverwriting()
    {
        await AssertVersionedStorage(new InMemoryGrainStorage());
    }

    internal static async Task AssertVersionedStorage(IGrainStorage storage)
    {
        var id = new GrainId("test", Guid.NewGuid().ToString());
        var first = new PersistentState<Box>(storage, id, "state");
        var stale = new PersistentState<Box>(storage, id, "state");
        await first.ReadStateAsync();
        await stale.ReadStateAsync();

        first.State.Value = 1;
        await first.WriteStateAsync();
        stale.State.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WriteStateAsync());

        var reader = new PersistentState<Box>(storage, id, "state");
        await reader.ReadStateAsync();
        Assert.Equal(1, reader.State.Value);

        first.State.Value = 2;
        await first.WriteStateAsync();
        await reader.ReadStateAsync();
        Assert.Equal(2, reader.State.Value);
    }

    public sealed class Box
    {
        public int Value { get; set; }
    }
}

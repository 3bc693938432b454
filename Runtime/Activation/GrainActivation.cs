using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Multipart.Runtime.Activation;

/// <summary>
/// One live instance of a grain. Calls take the activation's turn one at a time (non-reentrant), so
/// grain code needs no locks; <see cref="AlwaysInterleaveAttribute"/> methods skip the turn.
/// </summary>
internal sealed class GrainActivation : IGrainContext
{
    private static readonly ConcurrentDictionary<MethodInfo, (bool Interleave, Func<Task, object?> Result)> MethodInfoCache = new();

    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly IServiceProvider _services;
    private readonly Type _grainClass;
    private readonly ActivationDirectory _directory;
    private Grain? _grain;
    private bool _deactivateOnIdle;

    public GrainActivation(GrainId id, Type grainClass, IServiceProvider services, IGrainFactory factory, ActivationDirectory directory, long now)
    {
        GrainId = id;
        GrainFactory = factory;
        _grainClass = grainClass;
        _services = services;
        _directory = directory;
        LastUsedTicks = now;
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory { get; }

    public long LastUsedTicks { get; private set; }

    /// <summary>Set under the turn once the activation has been removed from the directory; callers then retry on a new one.</summary>
    public bool IsDeactivated { get; private set; }

    public int PendingCalls;

    public void DeactivateOnIdle() => _deactivateOnIdle = true;

    /// <summary>Runs one call. Returns false in <c>Delivered</c> when this activation was collected before the call got its turn.</summary>
    public async Task<(bool Delivered, object? Result)> InvokeAsync(MethodInfo method, object?[] args, long now, CancellationToken cancellationToken)
    {
        var info = MethodInfoCache.GetOrAdd(method, static m => (m.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null, ResultGetter(m)));
        Interlocked.Increment(ref PendingCalls);
        try
        {
            if (info.Interleave && _grain is not null)
            {
                LastUsedTicks = now;
                var fast = (Task)method.Invoke(_grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;
                await fast.ConfigureAwait(false);
                return (true, info.Result(fast));
            }

            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (IsDeactivated)
                {
                    return (false, null);
                }

                LastUsedTicks = now;
                if (_grain is null)
                {
                    var grain = (Grain)Factories.GetOrAdd(_grainClass, static t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes))(_services, null);
                    grain.Attach(this);
                    await grain.OnActivateAsync(cancellationToken).ConfigureAwait(false);
                    _grain = grain;
                }

                var task = (Task)method.Invoke(_grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;
                await task.ConfigureAwait(false);
                return (true, info.Result(task));
            }
            finally
            {
                if (_deactivateOnIdle && !IsDeactivated)
                {
                    await DeactivateUnderTurnAsync(CancellationToken.None).ConfigureAwait(false);
                }

                _turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref PendingCalls);
        }
    }

    /// <summary>Deactivates if no call is running or waiting. Returns true when it did.</summary>
    public async Task<bool> TryDeactivateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref PendingCalls) > 0 || !_turn.Wait(0))
        {
            return false;
        }

        try
        {
            if (IsDeactivated || Volatile.Read(ref PendingCalls) > 0)
            {
                return false;
            }

            await DeactivateUnderTurnAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task DeactivateUnderTurnAsync(CancellationToken cancellationToken)
    {
        IsDeactivated = true;
        _directory.Remove(this);
        if (_grain is not null)
        {
            try
            {
                await _grain.OnDeactivateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failing deactivation must not keep the activation alive; state is in the database.
            }
        }
    }

    private static Func<Task, object?> ResultGetter(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (!returnType.IsGenericType)
        {
            return static _ => null;
        }

        var getter = typeof(GrainActivation).GetMethod(nameof(GetResult), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(returnType.GetGenericArguments()[0]);
        return getter.CreateDelegate<Func<Task, object?>>();
    }

    private static object? GetResult<T>(Task task) => ((Task<T>)task).Result;
}

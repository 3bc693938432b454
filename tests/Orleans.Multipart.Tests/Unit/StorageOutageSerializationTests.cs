using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// A storage outage reaches a caller in another process as itself, so the gateway answers it 503:
/// <see cref="StorageUnavailableException"/> lives in the storage contracts, which have no Orleans
/// dependency, and crosses a grain call through the grain contracts' converter. Thrown by a grain, and
/// wrapped the way Orleans' state bridge wraps a grain storage failure, it arrives with its type and
/// message, serialized (another process) and deep-copied (a call inside one silo).
/// </summary>
public sealed class StorageOutageSerializationTests
{
    private const string Message = "The database did not answer during a grain state read (NpgsqlException: connection refused)";

    public static TheoryData<string, Func<Exception>> Failures() => new()
    {
        { "thrown by a grain", () => new StorageUnavailableException(Message) },
        { "wrapped by the state bridge", () => new OrleansException("Error from storage provider multipart.bucket-settings during ReadStateAsync", new StorageUnavailableException(Message)) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OutageCrossesAProcess(string what, Func<Exception> failure)
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer<Exception>>();

        AssertOutage(what, serializer.Deserialize(serializer.SerializeToArray(failure()))!);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void OutageCrossesACallInsideASilo(string what, Func<Exception> failure)
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var copier = services.GetRequiredService<DeepCopier<Exception>>();

        AssertOutage(what, copier.Copy(failure()));
    }

    /// <summary>The wire names the type by its alias, not its .NET name, so a rename or move keeps the wire format.</summary>
    [Fact]
    public void OutageTravelsUnderItsAlias()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var bytes = services.GetRequiredService<Serializer<Exception>>().SerializeToArray(new StorageUnavailableException(Message));
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Contains("omp.storage-unavailable", text, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(StorageUnavailableException).Assembly.GetName().Name!, text, StringComparison.Ordinal);
    }

    private static void AssertOutage(string what, Exception received)
    {
        var outage = received as StorageUnavailableException ?? received.InnerException as StorageUnavailableException;
        Assert.True(outage is not null, $"{what}: arrived as {received}");
        Assert.Equal(Message, outage.Message);
    }
}

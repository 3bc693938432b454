using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Every [LoggerMessage] of the service carries its own EventId, so that an operator can filter and alert
/// on one message (README.md lists each project's range).
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>
    /// The service's assemblies: every Orleans.Multipart.* library beside the tests (so a new project is
    /// checked without being listed here) and the standalone gateway, an executable the tests do not
    /// reference, read from its build output.
    /// </summary>
    private static IEnumerable<Assembly> ServiceAssemblies()
    {
        var libraries = Directory.GetFiles(AppContext.BaseDirectory, "Orleans.Multipart.*.dll")
            .Where(path => !Path.GetFileName(path).StartsWith("Orleans.Multipart.Tests", StringComparison.Ordinal))
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
            .ToList();
        foreach (var expected in new[] { typeof(Orleans.Multipart.Gateway.Core.GatewayOptions).Assembly, typeof(Orleans.Multipart.Grains.MultipartOptions).Assembly,
            typeof(Orleans.Multipart.Silo.Hosting.SiloApplication).Assembly, typeof(Orleans.Multipart.Storage.Blobs.LocalBlobStore).Assembly,
            typeof(ObjectKey).Assembly, typeof(Orleans.Multipart.Hosting.ReadinessState).Assembly })
        {
            Assert.Contains(expected, libraries);
        }

        foreach (var library in libraries)
        {
            yield return library;
        }

        var gatewayHost = Path.Combine(ProcessCluster.RepositoryRoot, "GatewayHost", "bin", "Release", "net10.0", "Orleans.Multipart.GatewayHost.dll");
        Assert.True(File.Exists(gatewayHost), $"build the solution first: {gatewayHost} is missing");
        yield return Assembly.LoadFrom(gatewayHost);
    }

    private static IEnumerable<(string Method, int EventId)> LoggerMessages() =>
        from assembly in ServiceAssemblies()
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select ($"{type.FullName}.{method.Name}", attribute.EventId);

    [Fact]
    public void EveryLoggerMessageHasItsOwnEventId()
    {
        var messages = LoggerMessages().Distinct().ToList();
        Assert.True(messages.Count >= 15, $"found only {messages.Count} [LoggerMessage] methods");
        Assert.All(messages, m => Assert.True(m.EventId > 0, $"{m.Method} has no EventId"));
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "EventIds used more than once:\n" + string.Join("\n", shared));
    }
}

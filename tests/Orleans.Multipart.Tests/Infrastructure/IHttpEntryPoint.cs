namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Where a vendor client sends its requests: an in-process <see cref="ServiceHost"/> or one process of a <see cref="ProcessCluster"/>.</summary>
public interface IHttpEntryPoint
{
    Uri BaseAddress { get; }

    HttpClient CreateHttpClient();
}

/// <summary>An entry point known only by its address (a process cluster's gateway or silo).</summary>
public sealed record HttpEntryPoint(Uri BaseAddress) : IHttpEntryPoint
{
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
}

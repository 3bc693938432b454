using Microsoft.AspNetCore.Http;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Pipeline;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Every way the cluster or the database can be unreachable, as the gateway receives it (wrapped the way
/// Orleans and its state bridge wrap it), is ServiceUnavailable (503); a body the client cut short stays
/// IncompleteBody, and an unexpected exception stays unknown (InternalError).
/// </summary>
public sealed class FaultTranslationTests
{
    public static TheoryData<string, Func<Exception>, MultipartError?> Cases() => new()
    {
        { "connection to the silo failed", () => new ConnectionFailedException("refused"), MultipartError.ServiceUnavailable },
        { "silo unavailable (an OrleansMessageRejectionException: no gateway left)", () => new SiloUnavailableException("Could not find any gateway"), MultipartError.ServiceUnavailable },
        { "gateway too busy", () => new GatewayTooBusyException("busy"), MultipartError.ServiceUnavailable },
        { "grain call timed out", () => new TimeoutException("timed out"), MultipartError.ServiceUnavailable },
        { "storage outage from a silo", () => new StorageUnavailableException("database down"), MultipartError.ServiceUnavailable },
        { "state bridge wrapping a timeout", () => new OrleansException("Error from storage provider", new TimeoutException("db")), MultipartError.ServiceUnavailable },
        { "an aggregate of a lost connection", () => new AggregateException(new ConnectionFailedException("lost")), MultipartError.ServiceUnavailable },
        { "a body read failing because the cluster went away", () => new IOException("read", new ConnectionFailedException("lost")), MultipartError.ServiceUnavailable },
        { "a body cut short", () => new IOException("unexpected end of request content"), MultipartError.IncompleteBody },
        { "Kestrel's bad request", () => new BadHttpRequestException("Unexpected end of request content."), MultipartError.IncompleteBody },
        { "an unexpected exception", () => new InvalidOperationException("bug"), null },
        { "an activation refused by a silo declared dead (woken after a hang)", () => new OrleansException("Trying to register upload/01a2 on invalid silo: S127.0.0.1:25303:155550121. Known status: Dead"), MultipartError.ServiceUnavailable },
        { "an Orleans failure that is not an outage", () => new OrleansException("something else"), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FaultIsTranslated(string what, Func<Exception> exception, MultipartError? expected) =>
        Assert.True(ErrorTranslation.Translate(exception())?.Error == expected, $"{what}: {ErrorTranslation.Translate(exception())?.Error}");
}

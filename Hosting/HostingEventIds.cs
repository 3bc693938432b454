namespace Orleans.Multipart.Hosting;

/// <summary>
/// The EventIds of the hosting library's log messages (5000-5999). Each project of the service has its own
/// range, so an operator can filter or alert on one message: 1000-1999 the HTTP gateway, 2000-2999 the
/// standalone gateway, 3000-3999 the grains, 4000-4999 the silo and the blob stores, 5000-5999 this library
/// (README.md lists them; LogEventIdTests fails on an EventId used twice).
/// </summary>
internal static class HostingEventIds
{
    /// <summary>SIGTERM received: /readyz is 503 and HTTP keeps serving for the drain delay.</summary>
    public const int Draining = 5001;

    /// <summary>A grain call Orleans rejected is sent again.</summary>
    public const int RejectedCallRetried = 5002;
}

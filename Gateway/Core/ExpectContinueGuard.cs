namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Keeps an early answer to an <c>Expect: 100-continue</c> request from corrupting the connection.
/// Kestrel sends <c>100 Continue</c> only when the body is first read; a client that gets a final
/// answer before that (an auth or key error) never sends the body, so the connection's next bytes
/// are the client's next request. Such an answer closes the connection instead of leaving it to be
/// read as the unsent body.
/// </summary>
internal static class ExpectContinueGuard
{
    public static void Watch(HttpContext context)
    {
        var request = context.Request;
        if (!request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase) || !HttpProtocol.IsHttp11(request.Protocol))
        {
            return;
        }

        var body = new ReadWatchStream(request.Body);
        request.Body = body;
        context.Response.OnStarting(() =>
        {
            if (!body.ReadStarted)
            {
                context.Response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        });
    }
}

using Microsoft.AspNetCore.Http;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// One vendor's wire format. A dialect authenticates the request with the vendor's signature, turns it
/// into calls on <see cref="ObjectFrontend"/> and the grains, and writes the result (or the error) the
/// way the vendor does. Which dialect handles a request is decided by configuration
/// (<see cref="GatewayOptions.Dialects"/>), never by looking at the request body.
/// </summary>
public interface IProtocolDialect
{
    /// <summary>The name used in configuration: s3, cdcs, wos, qingstor, jss.</summary>
    string Name { get; }

    Task HandleAsync(HttpContext context);
}

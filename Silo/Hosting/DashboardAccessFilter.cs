using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Guards every dashboard endpoint (page, assets, JSON API): only on the configured port, and only with the
/// configured HTTP Basic credential; anything else is 401 with a Basic challenge so a browser asks for it.
/// </summary>
public sealed class DashboardAccessFilter(IOptions<DashboardAccessOptions> options) : IEndpointFilter
{
    private readonly DashboardAccessOptions _options = options.Value;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_options.Port is { } port && http.Connection.LocalPort != port)
        {
            return ValueTask.FromResult<object?>(Results.NotFound());
        }

        if (!Authorized(http.Request.Headers.Authorization.ToString()))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";
            return ValueTask.FromResult<object?>(Results.Unauthorized());
        }

        return next(context);
    }

    private bool Authorized(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(value.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }

        // Compared as hashes, in constant time: the comparison says nothing about how much of a guess was right.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(_options.UserName + ":" + _options.Password));
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(decoded), expected);
    }
}

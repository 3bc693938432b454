using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>Refuses, at start, cluster settings Orleans could not use: empty ids, ports outside 1-65535, an advertised address that is no IP address.</summary>
internal sealed class OrleansHostingOptionsValidator : IValidateOptions<OrleansHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansHostingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty.");
        }

        Port(options.SiloPort, "SiloPort");
        Port(options.GatewayPort, "GatewayPort");
        if (options.AdvertisedIPAddress is { Length: > 0 } advertised && !IPAddress.TryParse(advertised, out _))
        {
            failures.Add($"Orleans:AdvertisedIPAddress must be an IP address, not '{advertised}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Port(int port, string setting)
        {
            if (port is < 1 or > 65535)
            {
                failures.Add($"Orleans:{setting} must be a TCP port (1-65535).");
            }
        }
    }
}

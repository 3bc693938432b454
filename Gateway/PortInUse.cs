using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway;

/// <summary>
/// Start-up failures because a port this process must listen on is taken (Orleans' silo or gateway
/// listener, or Kestrel): named by the port and the setting that chose it, so that an operator does not
/// have to read Orleans' lifecycle stack trace to learn that another silo already runs on 11111.
/// </summary>
public static partial class PortInUse
{
    /// <summary>Whether <paramref name="failure"/> is a listener's bind refused because the address is in use (without probing any port).</summary>
    public static bool IsPortInUse(Exception failure)
    {
        var text = failure.ToString();
        return KestrelBind().IsMatch(text) || text.Contains("AddressInUseException", StringComparison.Ordinal);
    }

    /// <summary>"port N (Setting)" when <paramref name="failure"/> is a listener's bind refused because the address is in use; otherwise null.</summary>
    public static string? Describe(Exception failure, IConfiguration configuration)
    {
        // The whole chain with its stack traces: Orleans rethrows its listener's exception from the lifecycle.
        var text = failure.ToString();
        if (KestrelBind().Match(text) is { Success: true } kestrel)
        {
            return $"port {kestrel.Groups["port"].Value} (urls {kestrel.Groups["url"].Value})";
        }

        if (!text.Contains("AddressInUseException", StringComparison.Ordinal))
        {
            return null;
        }

        // Orleans' exception names its silo listener in the stack, not its gateway listener; a port
        // that cannot be bound now (this process's listeners are closed) is the taken one.
        var silo = configuration.GetValue("Orleans:SiloPort", 11111);
        var gateway = configuration.GetValue("Orleans:GatewayPort", 30000);
        return text.Contains("SiloConnectionListener", StringComparison.Ordinal) || (IsTaken(silo) && !IsTaken(gateway))
            ? Name(silo, "Orleans:SiloPort")
            : text.Contains("GatewayConnectionListener", StringComparison.Ordinal) || IsTaken(gateway)
                ? Name(gateway, "Orleans:GatewayPort")
                : "a port (Orleans:SiloPort or Orleans:GatewayPort)";

        static string Name(int port, string key) => $"port {port.ToString(CultureInfo.InvariantCulture)} ({key})";
    }

    private static bool IsTaken(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Runs <paramref name="run"/>; a port-in-use failure is logged as one line and exit code 1, anything else propagates.</summary>
    public static int Run(Action run, IConfiguration configuration, ILogger log)
    {
        try
        {
            run();
            return 0;
        }
        catch (Exception failure) when (Describe(failure, configuration) is { } port)
        {
            LogPortInUse(log, port);
            return 1;
        }
    }

    [LoggerMessage(1003, LogLevel.Critical, "Cannot start: {Port} is in use by another process; stop it or configure another port.")]
    private static partial void LogPortInUse(ILogger log, string port);

    [GeneratedRegex(@"Failed to bind to address (?<url>\S+?:(?<port>\d+))/?: address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex KestrelBind();
}

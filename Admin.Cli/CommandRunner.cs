using System.CommandLine;
using System.Net.Http;
using Spectre.Console;

namespace Orleans.Multipart.Admin.Cli;

/// <summary>Runs a command's action with the admin client, turning failures into a message on stderr and an exit code (1 refused by the API, 2 usage or connection).</summary>
internal sealed class CommandRunner(GlobalOptions options)
{
    public GlobalOptions Options => options;

    public void Action(Command command, Func<ParseResult, AdminClient, bool, CancellationToken, Task> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var client = options.Client(parse);
                await action(parse, client, parse.GetValue(options.Json), cancellationToken);
                return 0;
            }
            catch (AdminApiException e)
            {
                Console.Error.WriteLine($"error: {e.Code} ({e.Status}): {e.Message}");
                return 1;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"error: cannot reach {parse.GetValue(options.Endpoint)}: {e.Message}");
                return 2;
            }
        });

    /// <summary>Asks before something that cannot be undone, unless <c>--yes</c> was given or the input is not a terminal.</summary>
    public static bool Confirmed(bool yes, string question) =>
        yes || Console.IsInputRedirected || AnsiConsole.Confirm(Markup.Escape(question), defaultValue: false);
}

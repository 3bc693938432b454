using System.CommandLine;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>accounts create|list|get|disable|enable|delete</c>.</summary>
internal static class AccountCommands
{
    private static readonly (string, string)[] Columns = [("id", "Account"), ("displayName", "Display name"), ("state", "State"), ("admin", "Admin"), ("created", "Created")];

    public static Command Build(CommandRunner run)
    {
        var accounts = new Command("accounts", "Accounts: who owns buckets and holds keys.");

        var id = new Argument<string>("id") { Description = "The account id (lower-case letters, digits, '-', '_')." };
        var displayName = new Option<string?>("--display-name") { Description = "The name listings show (default: the id)." };
        var admin = new Option<bool>("--admin") { Description = "The account administers the service (passes every access check)." };
        var create = new Command("create", "Create an account.") { id, displayName, admin };
        run.Action(create, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Post, "accounts",
            new { id = parse.GetValue(id), displayName = parse.GetValue(displayName), admin = parse.GetValue(admin) }, cancellationToken: ct), json));
        accounts.Add(create);

        var list = new Command("list", "List the accounts.");
        run.Action(list, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Get, "accounts", cancellationToken: ct), json));
        accounts.Add(list);

        var get = new Command("get", "Show one account.") { id };
        run.Action(get, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Get, "accounts/" + Uri.EscapeDataString(parse.GetValue(id)!), cancellationToken: ct), json));
        accounts.Add(get);

        foreach (var (name, description) in new[] { ("disable", "Disable an account: all its keys are refused within seconds."), ("enable", "Enable a disabled account.") })
        {
            var command = new Command(name, description) { id };
            run.Action(command, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Post, $"accounts/{Uri.EscapeDataString(parse.GetValue(id)!)}/{name}", cancellationToken: ct), json));
            accounts.Add(command);
        }

        var delete = new Command("delete", "Delete an account and its keys (refused while it owns buckets).") { id };
        run.Action(delete, async (parse, client, json, ct) =>
        {
            await client.SendAsync(HttpMethod.Delete, "accounts/" + Uri.EscapeDataString(parse.GetValue(id)!), cancellationToken: ct);
            if (json)
            {
                Output.Json(new System.Text.Json.Nodes.JsonObject { ["deleted"] = parse.GetValue(id) });
            }
            else
            {
                Output.Done($"Account {parse.GetValue(id)} deleted.");
            }
        });
        accounts.Add(delete);
        return accounts;
    }

    private static void Show(System.Text.Json.Nodes.JsonNode? answer, bool json)
    {
        if (json)
        {
            Output.Json(answer);
        }
        else
        {
            Output.Table(answer, Columns);
        }
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>keys create|list|disable|enable|rotate|delete</c>. Only create and rotate print a secret, once.</summary>
internal static class KeyCommands
{
    private static readonly (string, string)[] Columns = [("accessKeyId", "Access key"), ("account", "Account"), ("state", "State"), ("created", "Created"), ("expires", "Expires")];

    public static Command Build(CommandRunner run)
    {
        var keys = new Command("keys", "Access keys: the credentials requests are signed with.");
        var key = new Argument<string>("access-key-id") { Description = "The access key id." };

        var account = new Argument<string>("account") { Description = "The account the key acts for." };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "When the key stops working (ISO 8601); default: never." };
        var create = new Command("create", "Create a key; its secret is shown this once.") { account, expires };
        run.Action(create, async (parse, client, json, ct) => ShowSecret(await client.SendAsync(HttpMethod.Post, "keys",
            new { account = parse.GetValue(account), expires = parse.GetValue(expires) }, cancellationToken: ct), json));
        keys.Add(create);

        var of = new Option<string?>("--account") { Description = "Only this account's keys." };
        var list = new Command("list", "List keys (never their secrets).") { of };
        run.Action(list, async (parse, client, json, ct) =>
        {
            var path = parse.GetValue(of) is { } a ? "keys?account=" + Uri.EscapeDataString(a) : "keys";
            Show(await client.SendAsync(HttpMethod.Get, path, cancellationToken: ct), json);
        });
        keys.Add(list);

        foreach (var (name, description) in new[] { ("disable", "Disable a key: refused everywhere within seconds."), ("enable", "Enable a disabled key.") })
        {
            var command = new Command(name, description) { key };
            run.Action(command, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Post, $"keys/{Uri.EscapeDataString(parse.GetValue(key)!)}/{name}", cancellationToken: ct), json));
            keys.Add(command);
        }

        var rotate = new Command("rotate", "Give a key a new secret (shown this once); the old one stops working.") { key };
        run.Action(rotate, async (parse, client, json, ct) => ShowSecret(await client.SendAsync(HttpMethod.Post, $"keys/{Uri.EscapeDataString(parse.GetValue(key)!)}/rotate", cancellationToken: ct), json));
        keys.Add(rotate);

        var delete = new Command("delete", "Delete a key.") { key };
        run.Action(delete, async (parse, client, json, ct) =>
        {
            await client.SendAsync(HttpMethod.Delete, "keys/" + Uri.EscapeDataString(parse.GetValue(key)!), cancellationToken: ct);
            if (json)
            {
                Output.Json(new JsonObject { ["deleted"] = parse.GetValue(key) });
            }
            else
            {
                Output.Done($"Key {parse.GetValue(key)} deleted.");
            }
        });
        keys.Add(delete);
        return keys;
    }

    private static void Show(JsonNode? answer, bool json)
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

    private static void ShowSecret(JsonNode? answer, bool json)
    {
        if (json)
        {
            Output.Json(answer);
            return;
        }

        Output.Table(answer, Columns);
        AnsiConsole.MarkupLine("Secret key: [yellow]" + Markup.Escape(answer?["secretKey"]?.ToString() ?? "") + "[/]");
        AnsiConsole.MarkupLine("[grey]Store it now: it is not shown again.[/]");
    }
}

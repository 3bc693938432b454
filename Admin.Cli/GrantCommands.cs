using System.CommandLine;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>grants get|set</c>: a bucket's ACL grants.</summary>
internal static class GrantCommands
{
    public static Command Build(CommandRunner run)
    {
        var grants = new Command("grants", "A bucket's ACL grants (the owner always has full control).");
        var bucket = new Argument<string>("bucket") { Description = "The bucket's name." };

        var get = new Command("get", "Show a bucket's grants.") { bucket };
        run.Action(get, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Get, $"buckets/{Uri.EscapeDataString(parse.GetValue(bucket)!)}/grants", cancellationToken: ct), json));
        grants.Add(get);

        var grant = new Option<string[]>("--grant")
        {
            Description = "PERMISSION=GRANTEE, repeatable: PERMISSION read|write|read-acp|write-acp|full-control; GRANTEE account:ID, all-users or authenticated-users. None: only the owner.",
            AllowMultipleArgumentsPerToken = false,
        };
        var set = new Command("set", "Replace a bucket's grants.") { bucket, grant };
        run.Action(set, async (parse, client, json, ct) =>
        {
            var list = new JsonArray();
            foreach (var text in parse.GetValue(grant) ?? [])
            {
                list.Add(Parse(text));
            }

            Show(await client.SendAsync(HttpMethod.Put, $"buckets/{Uri.EscapeDataString(parse.GetValue(bucket)!)}/grants", new JsonObject { ["grants"] = list }, cancellationToken: ct), json);
        });
        grants.Add(set);
        return grants;
    }

    /// <summary>PERMISSION=GRANTEE as the API's grant document.</summary>
    public static JsonObject Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
        {
            throw new UsageException($"--grant '{text}': write PERMISSION=GRANTEE, e.g. read=all-users or full-control=account:alice.");
        }

        var permission = text[..eq].Trim().ToLowerInvariant().Replace('_', '-');
        var grantee = text[(eq + 1)..].Trim();
        var who = grantee.StartsWith("account:", StringComparison.OrdinalIgnoreCase)
            ? new JsonObject { ["type"] = "account", ["id"] = grantee["account:".Length..] }
            : grantee.ToLowerInvariant() is "all-users" or "authenticated-users"
                ? new JsonObject { ["type"] = grantee.ToLowerInvariant() }
                : throw new UsageException($"--grant '{text}': the grantee is account:ID, all-users or authenticated-users.");
        return new JsonObject { ["grantee"] = who, ["permission"] = permission };
    }

    private static void Show(JsonNode? answer, bool json)
    {
        if (json)
        {
            Output.Json(answer);
            return;
        }

        Spectre.Console.AnsiConsole.MarkupLine("Owner: " + Spectre.Console.Markup.Escape(Output.Text(answer?["owner"])));
        var rows = new JsonArray();
        foreach (var g in answer?["grants"] as JsonArray ?? [])
        {
            var grantee = g?["grantee"];
            rows.Add(new JsonObject
            {
                ["grantee"] = grantee?["type"]?.ToString() == "account" ? "account:" + grantee["id"] : grantee?["type"]?.ToString(),
                ["permission"] = g?["permission"]?.ToString(),
            });
        }

        Output.Table(rows, ("grantee", "Grantee"), ("permission", "Permission"));
    }
}

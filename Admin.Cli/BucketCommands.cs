using System.CommandLine;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>buckets list|create|chown|delete</c>.</summary>
internal static class BucketCommands
{
    // noncurrentVersions / noncurrentBytes are in --json only: two more columns make the table wrap bucket names on an 80-column terminal.
    private static readonly (string, string)[] Columns =
        [("name", "Bucket"), ("owner", "Owner"), ("rule", "Rule"), ("objects", "Objects"), ("bytes", "Bytes"), ("openUploads", "Open uploads"), ("uploadBytes", "Upload bytes")];


    public static Command Build(CommandRunner run)
    {
        var buckets = new Command("buckets", "Buckets: owners, rules and what they hold.");
        var name = new Argument<string>("bucket") { Description = "The bucket's name." };

        var list = new Command("list", "List every bucket with its owner, rule, current objects and their bytes, open uploads and the bytes their parts hold (with --json, also noncurrent versions and their bytes).");
        run.Action(list, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Get, "buckets", cancellationToken: ct), json));
        buckets.Add(list);

        var owner = new Option<string?>("--owner") { Description = "The owning account (default: the administrator's)." };
        var rule = new Option<string>("--rule") { Description = "concurrent (S3: any number of uploads per key) or exclusive (CDCS: write-once keys).", DefaultValueFactory = _ => "concurrent" };
        rule.AcceptOnlyFromAmong("concurrent", "exclusive");
        var create = new Command("create", "Create a bucket for an account.") { name, owner, rule };
        run.Action(create, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Post, "buckets",
            new { name = parse.GetValue(name), owner = parse.GetValue(owner), rule = parse.GetValue(rule) }, cancellationToken: ct), json));
        buckets.Add(create);

        var newOwner = new Argument<string>("owner") { Description = "The account that gets the bucket." };
        var chown = new Command("chown", "Give a bucket to another account.") { name, newOwner };
        run.Action(chown, async (parse, client, json, ct) => Show(await client.SendAsync(HttpMethod.Put, $"buckets/{Uri.EscapeDataString(parse.GetValue(name)!)}/owner",
            new { owner = parse.GetValue(newOwner) }, cancellationToken: ct), json));
        buckets.Add(chown);

        var delete = new Command("delete", "Delete an empty bucket (its open uploads are aborted).") { name };
        run.Action(delete, async (parse, client, json, ct) =>
        {
            await client.SendAsync(HttpMethod.Delete, "buckets/" + Uri.EscapeDataString(parse.GetValue(name)!), cancellationToken: ct);
            if (json)
            {
                Output.Json(new JsonObject { ["deleted"] = parse.GetValue(name) });
            }
            else
            {
                Output.Done($"Bucket {parse.GetValue(name)} deleted.");
            }
        });
        buckets.Add(delete);
        return buckets;
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
}

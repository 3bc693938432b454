using System.CommandLine;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>policy get|set|delete</c>: a bucket's policy document.</summary>
internal static class PolicyCommands
{
    public static Command Build(CommandRunner run)
    {
        var policy = new Command("policy", "A bucket's policy (S3's policy language subset the README documents).");
        var bucket = new Argument<string>("bucket") { Description = "The bucket's name." };

        var get = new Command("get", "Print a bucket's policy.") { bucket };
        run.Action(get, async (parse, client, json, ct) => Output.Json(await client.SendAsync(HttpMethod.Get, Path(parse.GetValue(bucket)!), cancellationToken: ct)));
        policy.Add(get);

        var file = new Argument<string>("file") { Description = "The policy document: a JSON file, or - for standard input." };
        var set = new Command("set", "Set a bucket's policy.") { bucket, file };
        run.Action(set, async (parse, client, json, ct) =>
        {
            var name = parse.GetValue(file)!;
            var text = name == "-" ? await Console.In.ReadToEndAsync(ct)
                : File.Exists(name) ? await File.ReadAllTextAsync(name, ct)
                : throw new UsageException($"No such file: {name}.");
            await client.SendAsync(HttpMethod.Put, Path(parse.GetValue(bucket)!), rawBody: text, cancellationToken: ct);
            Done(json, "set", parse.GetValue(bucket)!);
        });
        policy.Add(set);

        var delete = new Command("delete", "Remove a bucket's policy.") { bucket };
        run.Action(delete, async (parse, client, json, ct) =>
        {
            await client.SendAsync(HttpMethod.Delete, Path(parse.GetValue(bucket)!), cancellationToken: ct);
            Done(json, "deleted", parse.GetValue(bucket)!);
        });
        policy.Add(delete);
        return policy;
    }

    private static string Path(string bucket) => $"buckets/{Uri.EscapeDataString(bucket)}/policy";

    private static void Done(bool json, string what, string bucket)
    {
        if (json)
        {
            Output.Json(new JsonObject { ["bucket"] = bucket, ["policy"] = what });
        }
        else
        {
            Output.Done($"Policy of {bucket} {what}.");
        }
    }
}

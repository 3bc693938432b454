using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Orleans.Multipart.Admin.Cli;

/// <summary><c>uploads list|abort</c>: open multipart uploads, by age.</summary>
internal static class UploadCommands
{
    private static readonly (string, string)[] Columns =
        [("bucket", "Bucket"), ("key", "Key"), ("uploadId", "Upload id"), ("initiated", "Initiated"), ("initiator", "Initiator"), ("parts", "Parts"), ("bytes", "Bytes")];

    public static Command Build(CommandRunner run)
    {
        var uploads = new Command("uploads", "Open multipart uploads.");
        var olderThan = new Option<string?>("--older-than") { Description = "Only uploads initiated longer ago than this: 90s, 30m, 12h, 7d, 2w." };
        var bucket = new Option<string?>("--bucket") { Description = "Only this bucket's uploads." };
        var limit = new Option<int>("--limit") { Description = "At most this many uploads (1-10000).", DefaultValueFactory = _ => 1000 };

        var list = new Command("list", "List open uploads, oldest first, with the bytes their parts hold.") { olderThan, bucket, limit };
        run.Action(list, async (parse, client, json, ct) =>
        {
            var answer = await client.SendAsync(HttpMethod.Get, Query(parse.GetValue(olderThan), parse.GetValue(bucket), parse.GetValue(limit)), cancellationToken: ct);
            if (json)
            {
                Output.Json(answer);
            }
            else
            {
                Output.Table(answer, Columns);
                Summarize(answer as JsonArray ?? [], parse.GetValue(olderThan), parse.GetValue(limit));
            }
        });
        uploads.Add(list);

        var key = new Option<string?>("--key") { Description = "With --upload-id: the upload's key." };
        var uploadId = new Option<string?>("--upload-id") { Description = "Abort this one upload (with --bucket and --key)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before aborting many uploads." };
        var abort = new Command("abort", "Abort one upload, or every upload --older-than/--bucket select (their parts are freed).") { olderThan, bucket, key, uploadId, limit, yes };
        run.Action(abort, async (parse, client, json, ct) =>
        {
            if (parse.GetValue(uploadId) is { } id)
            {
                if (parse.GetValue(bucket) is not { } b || parse.GetValue(key) is not { } k)
                {
                    throw new UsageException("--upload-id needs --bucket and --key.");
                }

                await client.SendAsync(HttpMethod.Post, "uploads/abort", new { bucket = b, key = k, uploadId = id }, cancellationToken: ct);
                Report(json, 1, []);
                return;
            }

            if (parse.GetValue(olderThan) is null && parse.GetValue(bucket) is null)
            {
                throw new UsageException("Name what to abort: --older-than, --bucket, or --upload-id with --bucket and --key.");
            }

            var selected = (await client.SendAsync(HttpMethod.Get, Query(parse.GetValue(olderThan), parse.GetValue(bucket), parse.GetValue(limit)), cancellationToken: ct)) as JsonArray ?? [];
            if (!json && !CommandRunner.Confirmed(parse.GetValue(yes), $"Abort {selected.Count} upload(s)?"))
            {
                return;
            }

            var failed = new List<string>();
            async Task AbortAllAsync(Action? advanced)
            {
                foreach (var upload in selected)
                {
                    try
                    {
                        await client.SendAsync(HttpMethod.Post, "uploads/abort",
                            new { bucket = upload?["bucket"]?.ToString(), key = upload?["key"]?.ToString(), uploadId = upload?["uploadId"]?.ToString() }, cancellationToken: ct);
                    }
                    catch (AdminApiException e) when (e.Status == 404)
                    {
                        // Completed, aborted or expired since it was listed: nothing left to abort.
                    }
                    catch (AdminApiException e)
                    {
                        failed.Add($"{upload?["bucket"]}/{upload?["key"]} {upload?["uploadId"]}: {e.Code}: {e.Message}");
                    }

                    advanced?.Invoke();
                }
            }

            if (json)
            {
                await AbortAllAsync(null);
            }
            else
            {
                await AnsiConsole.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("Aborting uploads", maxValue: Math.Max(1, selected.Count));
                    await AbortAllAsync(() => task.Increment(1));
                    task.Value = task.MaxValue;
                });
            }

            Report(json, selected.Count - failed.Count, failed);
            if (failed.Count > 0)
            {
                throw new AdminApiException(500, "SomeAbortsFailed", $"{failed.Count} of {selected.Count} uploads were not aborted.");
            }
        });
        uploads.Add(abort);
        return uploads;
    }

    private static string Query(string? olderThan, string? bucket, int limit)
    {
        var query = new List<string> { "limit=" + limit };
        if (olderThan is not null)
        {
            query.Add("older-than=" + Uri.EscapeDataString(olderThan));
        }

        if (bucket is not null)
        {
            query.Add("bucket=" + Uri.EscapeDataString(bucket));
        }

        return "uploads?" + string.Join('&', query);
    }

    /// <summary>
    /// What the listed uploads hold together, in bytes and in binary units: the figure an operator deciding what to
    /// abort looks for. When the list stopped at --limit, the total is of the oldest uploads only, and says so.
    /// </summary>
    private static void Summarize(JsonArray listed, string? olderThan, int limit)
    {
        var bytes = listed.Sum(u => u?["bytes"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0);
        var selection = olderThan is null ? "" : " older than " + olderThan;
        var truncated = listed.Count >= limit ? $" (only the oldest {limit} are listed: raise --limit to see more)" : "";
        // Plain output, not the console's markup: one line whatever the terminal's width, for scripts that read it.
        Console.Out.WriteLine($"{listed.Count} open upload(s){selection} holding {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes ({ByteSize.Format(bytes)}){truncated}.");
    }

    private static void Report(bool json, int aborted, IReadOnlyList<string> failed)
    {
        if (json)
        {
            Output.Json(new JsonObject { ["aborted"] = aborted, ["failed"] = new JsonArray(failed.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()) });
            return;
        }

        Output.Done($"{aborted} upload(s) aborted.");
        foreach (var failure in failed)
        {
            AnsiConsole.MarkupLine("[red]" + Markup.Escape(failure) + "[/]");
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Orleans.Multipart.Admin.Cli;

/// <summary>What the commands print: the API's JSON as it came (<c>--json</c>), or Spectre.Console tables.</summary>
internal static class Output
{
    public static void Json(JsonNode? node) => Console.Out.WriteLine(node?.ToJsonString(AdminClient.Json) ?? "{}");

    /// <summary>A table of <paramref name="rows"/> (JSON objects) with the named columns (JSON property, heading).</summary>
    public static void Table(JsonNode? rows, params (string Property, string Heading)[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (_, heading) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(heading)));
        }

        var items = rows as JsonArray ?? [rows?.DeepClone()];
        foreach (var item in items)
        {
            table.AddRow(columns.Select(c => Markup.Escape(Text(item?[c.Property]))).ToArray());
        }

        AnsiConsole.Write(table);
    }

    public static void Done(string message) => AnsiConsole.MarkupLine("[green]" + Markup.Escape(message) + "[/]");

    public static string Text(JsonNode? value) => value switch
    {
        null => "-",
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString("N0", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        _ => value.ToString(),
    };
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Compares a response document with a documented example written as a template: element and
/// property names, their order, namespaces and every literal value must match exactly; a value
/// written as a placeholder (<c>{iso8601}</c>, <c>{requestId}</c>, ...) is one that varies by nature
/// and is checked for its format instead.
/// </summary>
public static partial class DocumentAssert
{
    /// <summary>The placeholders: what a value that cannot be known in advance must look like.</summary>
    private static bool Matches(string placeholder, string actual, Reply reply, string requestIdHeader) => placeholder switch
    {
        "{uploadId}" => UploadIdPattern().IsMatch(actual),
        "{iso8601}" => Iso8601Pattern().IsMatch(actual) && IsRecent(DateTimeOffset.Parse(actual, CultureInfo.InvariantCulture)),
        "{rfc1123}" => DateTimeOffset.TryParseExact(actual, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && IsRecent(date),
        "{id}" or "{text}" => actual.Trim().Length > 0,
        "{url}" => Uri.TryCreate(actual, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
        "{requestId}" => actual.Length > 0 && actual == reply.Header(requestIdHeader),
        "{traceId}" => actual.Length > 0 && actual == reply.Header("x-cdcs-trace-id"),
        _ => throw new ArgumentException($"unknown placeholder {placeholder}"),
    };

    private static bool IsRecent(DateTimeOffset value) => (value - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromHours(1);

    /// <summary>Asserts an XML document: declaration, root name and namespace, child order, values.</summary>
    public static void Xml(string expectedTemplate, Reply reply, string requestIdHeader, bool standalone = false)
    {
        Assert.StartsWith("application/xml", reply.Header("content-type"));
        var actual = XDocument.Parse(reply.Text);
        Assert.NotNull(actual.Declaration);
        Assert.Equal("1.0", actual.Declaration!.Version);
        Assert.Equal("utf-8", actual.Declaration.Encoding, ignoreCase: true);
        Assert.Equal(standalone ? "yes" : null, actual.Declaration.Standalone);
        var problems = new List<string>();
        Compare(XElement.Parse(expectedTemplate), actual.Root!, "", reply, requestIdHeader, problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nactual: " + reply.Text);
    }

    /// <summary>Asserts a JSON document: property names and order, value kinds, values.</summary>
    public static void Json(string expectedTemplate, Reply reply, string requestIdHeader)
    {
        Assert.StartsWith("application/json", reply.Header("content-type"));
        var problems = new List<string>();
        using var expected = JsonDocument.Parse(expectedTemplate);
        Compare(expected.RootElement, reply.Json, "$", reply, requestIdHeader, problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nactual: " + reply.Text);
    }

    /// <summary>Asserts an answer with no document: its status, an empty body and the request id.</summary>
    public static void Empty(Reply reply, string requestIdHeader)
    {
        Assert.True(reply.Body.Length == 0, "expected no body, got: " + reply.Text);
        Assert.False(string.IsNullOrEmpty(reply.Header(requestIdHeader)), $"{requestIdHeader} missing");
    }

    private static void Compare(XElement expected, XElement actual, string path, Reply reply, string requestIdHeader, List<string> problems)
    {
        path += "/" + expected.Name.LocalName;
        if (expected.Name != actual.Name)
        {
            problems.Add($"{path}: expected element {expected.Name}, got {actual.Name}");
            return;
        }

        var expectedChildren = expected.Elements().ToList();
        var actualChildren = actual.Elements().ToList();
        if (expectedChildren.Count == 0 && actualChildren.Count == 0)
        {
            CompareValue(expected.Value, actual.Value, path, reply, requestIdHeader, problems);
            return;
        }

        var expectedNames = string.Join(",", expectedChildren.Select(e => e.Name.LocalName));
        var actualNames = string.Join(",", actualChildren.Select(e => e.Name.LocalName));
        if (expectedNames != actualNames)
        {
            problems.Add($"{path}: expected children [{expectedNames}], got [{actualNames}]");
            return;
        }

        for (var i = 0; i < expectedChildren.Count; i++)
        {
            Compare(expectedChildren[i], actualChildren[i], path, reply, requestIdHeader, problems);
        }
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, Reply reply, string requestIdHeader, List<string> problems)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            problems.Add($"{path}: expected {expected.ValueKind}, got {actual.ValueKind} ({actual.GetRawText()})");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = string.Join(",", expected.EnumerateObject().Select(p => p.Name));
                var actualNames = string.Join(",", actual.EnumerateObject().Select(p => p.Name));
                if (expectedNames != actualNames)
                {
                    problems.Add($"{path}: expected properties [{expectedNames}], got [{actualNames}]");
                    return;
                }

                foreach (var (e, a) in expected.EnumerateObject().Zip(actual.EnumerateObject()))
                {
                    Compare(e.Value, a.Value, path + "." + e.Name, reply, requestIdHeader, problems);
                }

                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    problems.Add($"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                    return;
                }

                foreach (var (e, a, i) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((p, i) => (p.First, p.Second, i)))
                {
                    Compare(e, a, $"{path}[{i}]", reply, requestIdHeader, problems);
                }

                break;
            case JsonValueKind.String:
                CompareValue(expected.GetString()!, actual.GetString()!, path, reply, requestIdHeader, problems);
                break;
            default:
                if (expected.GetRawText() != actual.GetRawText())
                {
                    problems.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                }

                break;
        }
    }

    private static void CompareValue(string expected, string actual, string path, Reply reply, string requestIdHeader, List<string> problems)
    {
        var ok = PlaceholderPattern().IsMatch(expected) ? Matches(expected, actual, reply, requestIdHeader) : expected == actual;
        if (!ok)
        {
            problems.Add($"{path}: expected {expected}, got \"{actual}\"");
        }
    }

    /// <summary>Fills the values a test knows ({bucket}, {key}, ...) into a template, escaped for its format.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values, bool json)
    {
        var sb = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            var escaped = json ? JsonEncodedText.Encode(value).ToString() : new XText(value).ToString();
            sb.Replace("{" + name + "}", escaped);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^\{[A-Za-z0-9]+\}$")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._~+/=-]{8,}$")]
    private static partial Regex UploadIdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex Iso8601Pattern();
}

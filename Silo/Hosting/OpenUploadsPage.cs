using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Admin;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// The dashboard's open uploads page (<c>{Dashboard:Path}/uploads</c>): the same summary the gauges show, the
/// buckets whose open uploads hold the most bytes first, with those over the warning threshold marked. Rendered
/// on the server from the cluster's summary grain (no query of its own), styled with the dashboard's stylesheet,
/// and reloaded by the browser every refresh period.
/// </summary>
internal static class OpenUploadsPage
{
    public const string Route = "uploads";

    public static async Task<IResult> RenderAsync(IGrainFactory grains, IOptions<StaleUploadsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        OpenUploadSummary summary;
        try
        {
            summary = await grains.GetGrain<IOpenUploadSummaryGrain>(IOpenUploadSummaryGrain.DefaultKey).Latest().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database or the summary's silo is unreachable: say so, and let the browser try again shortly.
            return new UnavailablePage();
        }

        return Results.Content(Render(summary, options.Value, time.GetUtcNow()), "text/html; charset=utf-8");
    }

    internal static string Render(OpenUploadSummary summary, StaleUploadsOptions options, DateTimeOffset now)
    {
        var refreshSeconds = (int)Math.Clamp(options.RefreshPeriod.TotalSeconds, 5, 3600);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8" />
            <meta http-equiv="refresh" content="{refreshSeconds}" />
            <title>Open uploads - Orleans.Multipart</title>
            <link rel="stylesheet" href="index.css" />
            </head>
            <body>
            <main class="app-main" style="padding: 20px;">
            <p><a href="./">&larr; Orleans dashboard</a></p>
            <h3>Open uploads</h3>
            <p>Computed {Encode(summary.Computed.ToString("u", CultureInfo.InvariantCulture))} for the whole cluster, every {Encode(options.RefreshPeriod.ToString("c", CultureInfo.InvariantCulture))}.
            {(options.WarnAboveBytes > 0 ? $"A bucket whose open uploads hold more than {Bytes(options.WarnAboveBytes)} is logged as a warning and marked here." : "The warning about a bucket's open-upload bytes is off.")}</p>
            <table class="table table-sm" id="open-upload-totals">
            <thead><tr><th>Buckets with open uploads</th><th>Open uploads</th><th>Bytes their parts hold</th><th>Oldest open upload</th></tr></thead>
            <tbody><tr><td>{summary.Buckets:N0}</td><td>{summary.Uploads:N0}</td><td>{Bytes(summary.Bytes)}</td><td>{(summary.OldestInitiated is { } oldest ? Age(now - oldest) : "-")}</td></tr></tbody>
            </table>
            <h4>The {options.TopBuckets:N0} buckets whose open uploads hold the most bytes</h4>
            <table class="table table-sm table-striped" id="open-upload-buckets">
            <thead><tr><th>Bucket</th><th>Open uploads</th><th>Bytes their parts hold</th><th>Oldest initiated</th><th>Age of the oldest</th><th></th></tr></thead>
            <tbody>

            """);
        foreach (var bucket in summary.Largest)
        {
            var over = options.WarnAboveBytes > 0 && bucket.Bytes > options.WarnAboveBytes;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr{(over ? " class=\"table-warning\"" : "")}><td>{Encode(bucket.Bucket)}</td><td>{bucket.Uploads:N0}</td><td>{Bytes(bucket.Bytes)}</td><td>{Encode(bucket.OldestInitiated.ToString("u", CultureInfo.InvariantCulture))}</td><td>{Age(now - bucket.OldestInitiated)}</td><td>{(over ? "over the warning threshold" : "")}</td></tr>\n");
        }

        if (summary.Largest.Count == 0)
        {
            html.Append("<tr><td colspan=\"6\">No open uploads.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The exact count (what the gauges and the CLI show) and the same in binary units.</summary>
    private static string Bytes(long bytes)
    {
        var exact = bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        if (bytes < 1024)
        {
            return exact;
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var value = bytes / 1024.0;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return $"{exact} ({value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]})";
    }

    private static string Age(TimeSpan age)
    {
        age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h"
            : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m"
            : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m {age.Seconds}s"
            : $"{(int)age.TotalSeconds}s";
    }

    /// <summary>503 with Retry-After, as the service answers any request it cannot serve for now; never a 500.</summary>
    private sealed class UnavailablePage : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "5";
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            return httpContext.Response.WriteAsync("The open-upload summary cannot be read now (the database or a silo is unreachable); try again shortly.\n");
        }
    }
}

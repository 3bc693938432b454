using System.Globalization;
using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    private IEnumerable<Route> CorsRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, null, r => r.Has("cors"), async r => await CorsAsync(r.Context, r.Bucket, r.Method)),
    ];

    /// <summary>PutBucketCors / GetBucketCors / DeleteBucketCors on <c>/bucket?cors</c>.</summary>
    private async Task<CorsOperation> CorsAsync(HttpContext context, string bucket, string method) => method switch
    {
        _ when HttpMethods.IsPut(method) => new PutBucketCors(bucket, CorsConfigurationOf(await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = 64 * 1024 }))),
        _ when HttpMethods.IsGet(method) => new GetBucketCors(bucket),
        _ when HttpMethods.IsDelete(method) => new DeleteBucketCors(bucket),
        _ => throw MultipartError.MethodNotAllowed.Error(),
    };

    /// <summary>A CORSConfiguration document as rules; S3's InvalidRequest for a rule it refuses, MalformedXML for a document of the wrong shape.</summary>
    internal static CorsConfiguration CorsConfigurationOf(XElement root)
    {
        if (root.Name.LocalName != "CORSConfiguration")
        {
            throw S3Errors.MalformedXml();
        }

        var rules = root.Children("CORSRule").Select(rule => new CorsRule
        {
            Id = rule.Child("ID"),
            AllowedOrigins = Values(rule, "AllowedOrigin"),
            AllowedMethods = Values(rule, "AllowedMethod"),
            AllowedHeaders = Values(rule, "AllowedHeader"),
            ExposeHeaders = Values(rule, "ExposeHeader"),
            MaxAgeSeconds = rule.Child("MaxAgeSeconds") is { } age
                ? int.TryParse(age.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw S3Errors.MalformedXml()
                : null,
        }).ToList();
        if (rules.Count is 0 or > CorsConfiguration.MaxRules || rules.Any(r => r.AllowedOrigins.Count == 0 || r.AllowedMethods.Count == 0))
        {
            throw S3Errors.MalformedXml();
        }

        var configuration = new CorsConfiguration(rules);
        return configuration.Problem() is { } problem ? throw S3Errors.InvalidRequest(problem) : configuration;
    }

    private static List<string> Values(XElement rule, string name) => rule.Children(name).Select(e => e.Value.Trim()).ToList();
}

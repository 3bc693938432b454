using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> CorsRenderings() =>
    [
        Rendering.Of<CorsDescribed>((context, _, described) => CorsAsync(context, described)),
        Rendering.Of<Done>((context, _, done) => CorsAsync(context, done), done => done.Operation is PutBucketCors),
    ];

    /// <summary>PutBucketCors answers 200 with no body; GetBucketCors the CORSConfiguration, or 404 NoSuchCORSConfiguration when there are no rules.</summary>
    private static Task CorsAsync(HttpContext context, OperationResult result)
    {
        if (result is not CorsDescribed described)
        {
            return Empty(context.Response, 200);
        }

        return described.Configuration is { } configuration
            ? Xml(context, "CORSConfiguration", w => CorsRules(w, configuration))
            : throw MultipartError.NoSuchCorsConfiguration.Error();
    }

    /// <summary>The rules in the element order of S3's GetBucketCors response syntax.</summary>
    internal static void CorsRules(XmlWriter w, CorsConfiguration configuration)
    {
        foreach (var rule in configuration.Rules)
        {
            w.Group("CORSRule", () =>
            {
                Each(w, "AllowedHeader", rule.AllowedHeaders);
                Each(w, "AllowedMethod", rule.AllowedMethods);
                Each(w, "AllowedOrigin", rule.AllowedOrigins);
                Each(w, "ExposeHeader", rule.ExposeHeaders);
                if (rule.Id is { } id)
                {
                    w.Element("ID", id);
                }

                if (rule.MaxAgeSeconds is { } maxAge)
                {
                    w.Element("MaxAgeSeconds", maxAge);
                }
            });
        }
    }

    private static void Each(XmlWriter w, string element, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            w.Element(element, value);
        }
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Jss;
using Orleans.Multipart.Gateway.Pipeline;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Gateway.S3;
using Orleans.Multipart.Gateway.Wos;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The five dialects as the pipeline sees them, and requests and responses in memory for their parsers and renderers.</summary>
internal static class DialectFixtures
{
    public static readonly string[] Names = ["s3", "cdcs", "wos", "qingstor", "jss"];

    public static IDialect Dialect(string name)
    {
        var gateway = Options.Create(new GatewayOptions());
        var credentials = new ConfiguredCredentialStore(Options.Create(new AuthOptions()));
        var time = TimeProvider.System;
        return name switch
        {
            "s3" => new S3Dialect(credentials, new SigV4Verifier(credentials, time, gateway), new SigV2Verifier(credentials, time, gateway), time, gateway, Options.Create(new S3Options())),
            "cdcs" => new CdcsDialect(credentials, time, gateway, Options.Create(new CdcsOptions())),
            "wos" => new WosDialect(credentials, time, gateway, Options.Create(new WosOptions())),
            "qingstor" => new QingStorDialect(credentials, time, gateway, Options.Create(new QingStorOptions())),
            "jss" => new JssDialect(credentials, time, gateway, Options.Create(new JssOptions())),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    /// <summary>A request as a client sends it: <paramref name="target"/> is the raw request target (path and query).</summary>
    public static HttpContext Request(string method, string target, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("h");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<Operation> ParseAsync(string dialect, string method, string target, string? body = null)
    {
        var context = Request(method, target, body);
        return await Dialect(dialect).ParseAsync(context, RequestTarget.Parse(context, null), new Caller("AK", new Principal("test", "AK")));
    }

    public static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}

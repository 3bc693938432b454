using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The process cluster with every vendor dialect served on its host name (as <see cref="ServiceHost"/>
/// binds them), so that table tests drive all five dialects through the standalone gateway and the
/// silos, and a short body idle timeout (<see cref="BodyIdleTimeout"/>) a test can wait out.
/// </summary>
public sealed class DialectProcessCluster : ProcessCluster
{
    public static readonly TimeSpan BodyIdleTimeout = TimeSpan.FromSeconds(4);

    public DialectProcessCluster()
    {
        string[] vendors = ["cdcs", "wos", "qingstor", "jss"];
        for (var i = 0; i < vendors.Length; i++)
        {
            Environment[$"Gateway__Dialects__{i}__Dialect"] = vendors[i];
            Environment[$"Gateway__Dialects__{i}__HostSuffix"] = vendors[i] + ".test";
        }

        Environment["Gateway__QingStor__VirtualHostSuffixes__0"] = "pek3a.qingstor.test";
        Environment["Gateway__Jss__VirtualHostSuffixes__0"] = "s.jss.test";
        Environment["Gateway__BodyIdleTimeout"] = BodyIdleTimeout.ToString();
    }

    /// <summary>A signed client of <paramref name="dialect"/> for <paramref name="entryPoint"/>, with this cluster's keys.</summary>
    public static VendorClient Client(DialectUnderTest dialect, Uri entryPoint)
    {
        var client = dialect.CreateClient(new HttpEntryPoint(entryPoint));
        client.AccessKey = AccessKey;
        client.SecretKey = SecretKey;
        return client;
    }

    /// <summary>The dialect's name for the upload ID in a query string, its first part number, and its Complete document.</summary>
    public static (string UploadIdName, string PartNumberName, int FirstPart) MultipartNames(string dialect) =>
        dialect == "qingstor" ? ("upload_id", "part_number", 0) : ("uploadId", "partNumber", 1);

    public static string UploadId(string dialect, Reply initiate) => dialect is "s3" or "wos"
        ? XDocument.Parse(initiate.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value
        : initiate.Json.EnumerateObject().Single(p => p.Name is "UploadId" or "upload_id").Value.GetString()!;

    public static byte[] CompleteBody(string dialect, params (int Number, string ETag)[] parts) => dialect switch
    {
        "s3" or "wos" => Encoding.UTF8.GetBytes("<CompleteMultipartUpload>" + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>")) + "</CompleteMultipartUpload>"),
        "qingstor" => JsonSerializer.SerializeToUtf8Bytes(new { object_parts = parts.Select(p => new { part_number = p.Number, etag = p.ETag }) }),
        _ => JsonSerializer.SerializeToUtf8Bytes(new { Part = parts.Select(p => new { PartNumber = p.Number, p.ETag }) }),
    };

    /// <summary>The dialect's 503 code (dialects.md).</summary>
    public static string UnavailableCode(string dialect) => dialect == "qingstor" ? "service_unavailable" : "ServiceUnavailable";

    /// <summary>The head of an s3-dialect request signed with SigV4 over an unsigned payload, to send over a raw socket (a body sent in pieces).</summary>
    public static string SignedS3Head(Uri entryPoint, HttpMethod method, string pathAndQuery, int contentLength)
    {
        using var request = new HttpRequestMessage(method, new Uri(entryPoint, pathAndQuery));
        TestSigV4Signer.Sign(request, AccessKey, SecretKey, DateTimeOffset.UtcNow, "UNSIGNED-PAYLOAD", hostHeader: $"127.0.0.1:{entryPoint.Port}");
        var head = new StringBuilder($"{method.Method} {pathAndQuery} HTTP/1.1\r\n");
        foreach (var header in request.Headers)
        {
            head.Append(header.Key).Append(": ").Append(string.Join(",", header.Value)).Append("\r\n");
        }

        return head.Append("Content-Length: ").Append(contentLength).Append("\r\n\r\n").ToString();
    }
}

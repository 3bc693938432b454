using System.Globalization;
using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>Flexible checksums: an upload's declared algorithm and type, the part and object checksums of Complete, and GetObjectAttributes.</summary>
internal sealed partial class S3Parser
{
    private static IEnumerable<Route> ChecksumRoutes() =>
    [
        Route.On(RouteScope.Object, HttpMethods.IsGet, r => r.Has("attributes"), r => GetObjectAttributes(r.Request, r.Bucket, r.Key) with { VersionId = NamedVersion(r) }),
    ];

    private static readonly string[] ChecksumElements = ["ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256"];

    private static readonly HashSet<string> ObjectAttributeNames = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"];

    /// <summary>
    /// CreateMultipartUpload's x-amz-checksum-algorithm and x-amz-checksum-type, checked as AWS checks
    /// them (InvalidRequest): a type needs an algorithm; CRC64NVME is full-object only, SHA-1 and SHA-256
    /// composite only; the type defaults to the algorithm's.
    /// </summary>
    private static ObjectSettings WithUploadChecksum(ObjectSettings settings, HttpRequest request)
    {
        var algorithmText = request.Headers["x-amz-checksum-algorithm"].ToString();
        var typeText = request.Headers["x-amz-checksum-type"].ToString();
        if (algorithmText.Length == 0)
        {
            return typeText.Length == 0
                ? settings
                : throw S3Errors.InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }

        var algorithm = BodyChecksum.AlgorithmOf(algorithmText) ?? throw S3Errors.InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        var type = typeText.ToUpperInvariant() switch
        {
            "" => ChecksumValue.DefaultType(algorithm),
            "COMPOSITE" => ChecksumCombination.Composite,
            "FULL_OBJECT" => ChecksumCombination.FullObject,
            _ => throw S3Errors.InvalidRequest("Value for x-amz-checksum-type header is invalid."),
        };
        return ChecksumValue.Supports(algorithm, type)
            ? settings with { ChecksumAlgorithm = algorithm, ChecksumType = type }
            : throw S3Errors.InvalidRequest($"The {TypeName(type)} checksum type cannot be used with the {BodyChecksum.NameOf(algorithm).ToLowerInvariant()} checksum algorithm.");
    }

    public static string TypeName(ChecksumCombination type) => type == ChecksumCombination.FullObject ? "FULL_OBJECT" : "COMPOSITE";

    /// <summary>A Complete part's &lt;ChecksumXXX&gt;, or null; a value that is not base64 is MalformedXML.</summary>
    private static ChecksumValue? PartChecksum(XElement part)
    {
        foreach (var element in ChecksumElements)
        {
            if (part.Child(element) is { } text)
            {
                return ParseChecksum(element["Checksum".Length..], text.Trim()) ?? throw S3Errors.MalformedXml();
            }
        }

        return null;
    }

    /// <summary>
    /// Complete's x-amz-checksum-&lt;alg&gt; header (the object's checksum, "-N" suffix allowed), or null. A value
    /// that is not that algorithm's checksum in base64 cannot match the object's: BadDigest, as for a wrong one
    /// (ceph/s3-tests test_multipart_checksum_sha256 sends "bad").
    /// </summary>
    private static ChecksumValue? ExpectedObjectChecksum(HttpRequest request)
    {
        foreach (var element in ChecksumElements)
        {
            var name = element["Checksum".Length..];
            if (request.Headers["x-amz-checksum-" + name.ToLowerInvariant()].ToString() is { Length: > 0 } text)
            {
                var dash = text.IndexOf('-');
                return ParseChecksum(name, dash < 0 ? text : text[..dash])
                    ?? throw Errors.ChecksumMismatch(name.ToLowerInvariant());
            }
        }

        return null;
    }

    private static ChecksumValue? ParseChecksum(string algorithmName, string base64)
    {
        var algorithm = BodyChecksum.AlgorithmOf(algorithmName)!.Value;
        var bytes = new byte[32];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == BodyChecksum.For(algorithm).Value.Value.Length
            ? new ChecksumValue(algorithm, bytes[..written])
            : null;
    }

    private static bool ChecksumModeEnabled(HttpRequest request) =>
        string.Equals(request.Headers["x-amz-checksum-mode"].ToString(), "ENABLED", StringComparison.OrdinalIgnoreCase);

    /// <summary>GET ?attributes: x-amz-object-attributes (required, known names only), x-amz-max-parts, x-amz-part-number-marker.</summary>
    private static GetObjectAttributes GetObjectAttributes(HttpRequest request, string bucket, string key)
    {
        var names = request.Headers["x-amz-object-attributes"]
            .SelectMany(v => (v ?? "").Split(','))
            .Select(n => n.Trim())
            .Where(n => n.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            throw S3Errors.InvalidRequest("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
        }

        if (names.FirstOrDefault(n => !ObjectAttributeNames.Contains(n)) is { } unknown)
        {
            throw S3Errors.InvalidArgument($"Invalid attribute name specified: {unknown}");
        }

        var maxParts = ParseInt(NullIfEmpty(request.Headers["x-amz-max-parts"].ToString()), 1000, 0, int.MaxValue, "max-parts");
        var marker = ParseInt(NullIfEmpty(request.Headers["x-amz-part-number-marker"].ToString()), 0, 0, int.MaxValue, "part-number-marker");
        S3Encryption.RefuseWriteHeadersOnRead(request.Headers);
        return new GetObjectAttributes(bucket, key, names, Math.Min(maxParts, 1000), marker, S3Encryption.CustomerKey(request.Headers));
    }

}

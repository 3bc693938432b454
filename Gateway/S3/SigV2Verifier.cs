using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// AWS Signature Version 2 on the s3 dialect, as AWS S3 and JD Cloud OSS accept it: the
/// <c>Authorization: AWS AK:signature</c> header (Date or x-amz-date within the clock skew) and
/// presigned URLs (<c>AWSAccessKeyId</c>, <c>Expires</c>, <c>Signature</c>), which the AWS CLI v1
/// (<c>aws s3 presign</c>) and <c>s3cmd signurl</c> make. The canonicalisation is <see cref="SignatureV2"/>'s.
/// </summary>
internal sealed class SigV2Verifier(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> options)
{
    private static readonly string[] HeaderPrefixes = ["x-amz-"];

    /// <summary>The sub-resources S3 V2 signs: its documented list, the response-* overrides, and what clients add (delete, tagging, ...).</summary>
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "cors", "delete", "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle",
        "location", "logging", "metrics", "notification", "object-lock", "ownershipControls", "partNumber", "policy", "publicAccessBlock",
        "replication", "requestPayment", "restore", "retention", "select", "select-type", "tagging", "torrent", "uploadId", "uploads",
        "versionId", "versioning", "versions", "website",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    };

    /// <summary>
    /// Sub-resources added to S3 after V2's list was fixed: AWS signs them, botocore's V2 signer leaves them out
    /// (it signs PUT ?encryption over "/bucket/"). A request naming one verifies either way.
    /// </summary>
    private static readonly HashSet<string> LateSubResources = new(StringComparer.Ordinal)
    {
        "encryption", "intelligent-tiering", "ownershipControls", "publicAccessBlock",
    };

    private static readonly HashSet<string> ClassicSubResources = new(SubResources.Except(LateSubResources), StringComparer.Ordinal);

    /// <summary>True when the request carries a V2 signature (header or query), which <see cref="Verify"/> checks.</summary>
    public static bool Applies(HttpRequest request, RequestTarget target) =>
        request.Headers.Authorization.ToString().StartsWith("AWS ", StringComparison.Ordinal)
        || (request.Headers.Authorization.Count == 0 && target.Get("AWSAccessKeyId") is not null && target.Get("Signature") is not null);

    /// <summary>POST Object's SigV2: <c>signature</c> is the base64 HMAC-SHA1 of the base64 policy under the secret of <c>AWSAccessKeyId</c>.</summary>
    public SigV4Context VerifyFormPolicy(string accessKey, string policy, string signature)
    {
        var secret = credentials.Find(accessKey)?.SecretKey
            ?? throw MultipartError.InvalidAccessKey.Error();
        if (!SignatureV2.Matches(SignatureV2.Sign(secret, policy), signature))
        {
            throw MultipartError.SignatureDoesNotMatch.Error();
        }

        return new SigV4Context(accessKey, [], "", "", signature, PayloadMode.Unsigned, null);
    }

    public SigV4Context Verify(HttpRequest request, RequestTarget target)
    {
        string accessKey, signature;
        var dateLines = new List<string>();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!SchemeCredential.TryParse(authorization, "AWS", out var credential) || credential.HasEmptyPart)
            {
                throw S3Errors.InvalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
            }

            (accessKey, signature) = credential;
            if (!SignatureV2.TryParseRequestDate(request.Headers, "x-amz-date", out var amzDate, out var date, out var when))
            {
                throw S3Errors.AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
            }

            CheckSkew(when);

            // With x-amz-date the Date line is signed empty (AWS's rule); some clients sign Date anyway.
            dateLines.Add(amzDate.Length > 0 ? "" : date);
            if (amzDate.Length > 0 && date.Length > 0)
            {
                dateLines.Add(date);
            }
        }
        else
        {
            accessKey = target.Get("AWSAccessKeyId")!;
            signature = target.Get("Signature")!;
            var expiresText = target.Get("Expires")
                ?? throw S3Errors.AccessDenied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
            if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            {
                throw S3Errors.AccessDenied("Invalid date (should be seconds since epoch): " + expiresText);
            }

            var now = time.GetUtcNow();
            if (now.ToUnixTimeSeconds() > expires)
            {
                throw new DialectException(MultipartError.AccessDenied, "Request has expired")
                {
                    Details = new Dictionary<string, string>
                    {
                        ["Expires"] = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                        ["ServerTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                };
            }

            dateLines.Add(expiresText);
        }

        var secret = credentials.Find(accessKey)?.SecretKey
            ?? throw MultipartError.InvalidAccessKey.Error();
        var payload = PayloadOf(request);
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var query = target.Query.Where(q => q.Key is not ("AWSAccessKeyId" or "Signature" or "Expires")).ToList();
        var md5 = request.Headers["Content-MD5"].ToString();
        var contentType = request.ContentType ?? "";
        string? first = null;
        IReadOnlySet<string>[] signedSets = query.Any(q => LateSubResources.Contains(q.Key)) ? [SubResources, ClassicSubResources] : [SubResources];
        foreach (var resource in Resources(target))
        {
            foreach (var dateLine in dateLines)
            {
                foreach (var signed in signedSets)
                {
                    var toSign = SignatureV2.StringToSign(request.Method, md5, contentType, dateLine, headers, HeaderPrefixes, resource, query, signed);
                    first ??= toSign;
                    if (SignatureV2.Matches(SignatureV2.Sign(secret, toSign), signature))
                    {
                        return new SigV4Context(accessKey, [], "", "", signature, payload.Mode, payload.Sha256);
                    }
                }
            }
        }

        throw new DialectException(MultipartError.SignatureDoesNotMatch)
        {
            Details = new Dictionary<string, string>
            {
                ["AWSAccessKeyId"] = accessKey,
                ["StringToSign"] = first!,
                ["SignatureProvided"] = signature,
            },
        };
    }

    /// <summary>
    /// "/bucket/key" as sent (virtual-host requests sign the bucket too); the decoded form for clients that
    /// sign it. A path-style bucket root is signed as sent: botocore sends and signs "/bucket?cors", others
    /// "/bucket/"; "/bucket" is also tried with the slash, AWS's canonical form for the bucket root.
    /// </summary>
    private static IEnumerable<string> Resources(RequestTarget target)
    {
        var bucketPath = target.Bucket is null ? "" : "/" + target.Bucket;
        var raw = target.RawPath.StartsWith(bucketPath + "/", StringComparison.Ordinal) || target.RawPath == bucketPath
            ? target.RawPath
            : bucketPath + target.RawPath;
        var forms = new List<string> { raw };
        if (target.Bucket is not null && target.Key.Length == 0 && !raw.EndsWith('/'))
        {
            forms.Add(raw + "/");
        }

        foreach (var form in forms.ToList())
        {
            var decoded = RequestTarget.Decode(form);
            if (decoded != form)
            {
                forms.Add(decoded);
            }
        }

        return forms;
    }

    /// <summary>V2 signs no payload: the body is checked by Content-MD5 (and x-amz-content-sha256 when a client sends one).</summary>
    private static (PayloadMode Mode, string? Sha256) PayloadOf(HttpRequest request)
    {
        var header = request.Headers["x-amz-content-sha256"].ToString();
        if (header.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            throw S3Errors.InvalidRequest("aws-chunked bodies need AWS Signature Version 4.");
        }

        return header.Length == 64 && header.All(char.IsAsciiHexDigit) ? (PayloadMode.Sha256, header.ToLowerInvariant()) : (PayloadMode.Unsigned, null);
    }

    private void CheckSkew(DateTimeOffset when) => S3ClockSkew.Check(when, time, options.Value.MaxClockSkew);
}

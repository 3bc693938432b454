using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// POST Object, the HTML form upload (<c>POST /bucket</c>, <c>multipart/form-data</c>): the fields before the
/// file are read (bounded: <see cref="MaxFieldBytes"/> in all), the policy's signature checked (SigV4:
/// <c>x-amz-algorithm / -credential / -date / -signature</c>; SigV2: <c>AWSAccessKeyId</c>, <c>signature</c>),
/// then the policy's expiration and conditions; the operation is a PutObject whose body is the file part,
/// streamed to the blob store as it arrives, never buffered whole. Field names are matched without regard
/// to case, as AWS does.
/// </summary>
internal sealed class S3FormUpload(ICredentialStore credentials, SigV4Verifier sigV4, SigV2Verifier sigV2, TimeProvider time)
{
    /// <summary>The form's fields before the file, in all: AWS allows 20 KB of policy; the rest is metadata and a few names.</summary>
    public const int MaxFieldBytes = 64 * 1024;

    /// <summary>Whether the request is a POST Object form upload rather than another POST on the bucket.</summary>
    public static bool Applies(HttpRequest request, RequestTarget target) =>
        HttpMethods.IsPost(request.Method) && target.Bucket is not null && target.Key.Length == 0 && target.Query.Count == 0
        && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The form, verified, as a PutObject (and its signer). 400 for a malformed form, 403 for a bad signature or a policy that refuses it.</summary>
    public async Task<(PutObject Put, Caller Caller)> ParseAsync(HttpContext context, string bucket)
    {
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            throw S3Errors.InvalidArgument("POST Object needs a multipart/form-data body with a boundary.");
        }

        // The file section's body is bounded by the object size limit, not the reader's default.
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fieldBytes = 0;
        MultipartSection? file = null;
        string? fileName = null;
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw S3Errors.InvalidArgument("Every part of a POST Object form must be Content-Disposition: form-data with a name.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (name.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                // The file comes last: what follows it is not read (AWS ignores fields after the file).
                file = section;
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                break;
            }

            var value = await ReadFieldAsync(section, MaxFieldBytes - fieldBytes, context.RequestAborted);
            fieldBytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
            if (!fields.TryAdd(name, value))
            {
                throw S3Errors.InvalidArgument($"The form field '{name}' is given more than once.");
            }
        }

        if (file is null)
        {
            throw S3Errors.InvalidArgument("POST requires exactly one file upload per request.");
        }

        if (!fields.TryGetValue("key", out var key) || key.Length == 0)
        {
            throw S3Errors.InvalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
        }

        // ${filename} is the name the browser gave the file, without any path it sent; the policy's
        // conditions hold for the key it makes (AWS).
        key = key.Replace("${filename}", Path.GetFileName((fileName ?? "").Replace('\\', '/')), StringComparison.Ordinal);
        fields["key"] = key;
        (Caller Caller, S3PostPolicy? Policy) verified;
        try
        {
            verified = Verify(fields, bucket);
        }
        catch (CredentialNotCachedException miss)
        {
            // The signer's key is not loaded yet: load it and check the fields again (they are in memory).
            await credentials.LoadAsync(miss.AccessKey, context.RequestAborted);
            verified = Verify(fields, bucket);
        }

        var (caller, policy) = verified;
        var headers = new HeaderDictionary();
        foreach (var (name, value) in fields)
        {
            headers[name] = value;
        }

        var encryption = S3Encryption.ForWrite(headers);
        var settings = encryption.ApplyTo(S3Parser.ReadSettings(headers));
        if (fields.TryGetValue("acl", out var canned))
        {
            // The form's canned ACL, resolved for its writer as a PUT's x-amz-acl is (the policy's conditions have held for it).
            var requested = AclRequest.FromCanned(canned.Trim()) ?? throw S3Errors.InvalidArgument($"The canned ACL '{canned}' of the form is not one S3 knows.");
            // An unsigned form's object is the bucket owner's (as an unsigned PUT's is): no unsigned caller owns anything.
            var frontend = context.RequestServices.GetRequiredService<ObjectFrontend>();
            var writer = caller.Principal.AccountId == AccountIds.Anonymous
                ? (await frontend.Bucket(bucket).GetAccess() ?? throw MultipartError.NoSuchBucket.Error()).Owner
                : caller.Principal.AccountId;
            settings = settings with { Acl = await OperationExecutor.WriteAclAsync(frontend, bucket, writer, requested) };
        }

        if (fields.TryGetValue("tagging", out var tagging))
        {
            // The form's tags are a Tagging document (a header's query form is x-amz-tagging, read with the other settings).
            var document = RequestDocument.ParseXml(Encoding.UTF8.GetBytes(tagging), RequestDocumentLimits.Default with { MaxBytes = MaxFieldBytes });
            settings = settings with { Tags = S3Parser.TagSetOf(document, TagSet.MaxObjectTags) };
        }

        var status = fields.GetValueOrDefault("success_action_status") switch
        {
            "200" => 200,
            "201" => 201,
            _ => 204,
        };
        var redirect = fields.GetValueOrDefault("success_action_redirect") ?? fields.GetValueOrDefault("redirect");
        var redirectUri = Uri.TryCreate(redirect, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
        var body = new S3FormBody(file.Body, policy?.LengthRange, status, redirectUri);
        return (new PutObject(bucket, key, body, settings, WriteConditions.None, encryption.CustomerKey), caller);
    }

    /// <summary>
    /// The form's signer: the policy signed with SigV4 or SigV2, its expiration and conditions met; or, for a form without a
    /// policy, the anonymous caller and no policy: a signature signs the policy, so without one nothing is signed (AWS needs a
    /// policy only where the bucket does not let everyone write; the pipeline decides the PutObject as an unsigned PUT's).
    /// </summary>
    private (Caller Caller, S3PostPolicy? Policy) Verify(Dictionary<string, string> fields, string bucket)
    {
        if (!fields.TryGetValue("policy", out var policyText))
        {
            return (S3Dialect.AnonymousCaller, null);
        }

        SigV4Context signature;
        if (fields.TryGetValue("x-amz-signature", out var v4))
        {
            var algorithm = fields.GetValueOrDefault("x-amz-algorithm");
            var credential = fields.GetValueOrDefault("x-amz-credential");
            var date = fields.GetValueOrDefault("x-amz-date");
            if (algorithm is null || credential is null || date is null)
            {
                throw S3Errors.InvalidArgument("A SigV4-signed POST Object form needs the x-amz-algorithm, x-amz-credential, x-amz-date and x-amz-signature fields.");
            }

            signature = sigV4.VerifyFormPolicy(algorithm, credential, date, policyText, v4);
        }
        else if (fields.TryGetValue("signature", out var v2))
        {
            var accessKey = fields.GetValueOrDefault("AWSAccessKeyId")
                ?? throw S3Errors.InvalidArgument("Bucket POST must contain a field named 'AWSAccessKeyId'.  If it is specified, please check the order of the fields.");
            signature = sigV2.VerifyFormPolicy(accessKey, policyText, v2);
        }
        else
        {
            throw S3Errors.InvalidArgument("Bucket POST must contain a field named 'signature' (SigV2) or 'x-amz-signature' (SigV4).  If it is specified, please check the order of the fields.");
        }

        var policy = S3PostPolicy.Parse(policyText);
        policy.Check(fields, bucket, time.GetUtcNow());
        var principal = credentials.Find(signature.AccessKey)?.Principal ?? throw MultipartError.InvalidAccessKey.Error();
        return (new S3Caller(signature.AccessKey, principal, signature), policy);
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, int budget, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Max(0, budget) + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > budget)
        {
            throw new DialectException(MultipartError.DocumentTooLarge, $"Your POST request fields preceding the upload file were too large: at most {MaxFieldBytes} bytes.");
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}

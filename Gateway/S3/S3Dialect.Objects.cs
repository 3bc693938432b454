using System.Globalization;
using Microsoft.AspNetCore.Http;

using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

public sealed partial class S3Dialect
{
    private async Task PutObjectAsync(HttpContext context, string bucket, string key, SigV4Context auth)
    {
        var settings = ReadSettings(context.Request);
        var conditions = ReadConditions(context.Request);
        var (pending, checksum) = await ReceiveBodyAsync(context, auth, _gateway.MaxObjectSize);
        using var owner = pending;
        var manifest = await frontend.PutAsync(bucket, key, pending, settings, conditions);
        context.Response.Headers.ETag = Quote(manifest.ETag);
        if (checksum is not null)
        {
            context.Response.Headers[checksum.HeaderName] = checksum.ToBase64();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    private async Task GetObjectAsync(HttpContext context, string bucket, string key, RequestTarget t)
    {
        var manifest = await frontend.Object(bucket, key).Get()
            ?? throw (await frontend.Bucket(bucket).Describe() is null
                ? new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist")
                : new DialectException(WireError.NoSuchKey, "The specified key does not exist."));
        var request = context.Request;
        var response = context.Response;

        if (CheckPreconditions(request, manifest) is { } status)
        {
            response.StatusCode = status;
            response.Headers.ETag = Quote(manifest.ETag);
            if (status == 412)
            {
                throw new DialectException(WireError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
            }

            return;
        }

        long start = 0, length = manifest.Size;
        var partial = false;
        if (t.Get("partNumber") is { } partText)
        {
            if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber < 1 || partNumber > PartLimits.MaxPartNumber)
            {
                throw S3Errors.InvalidArgument($"Part number must be an integer between 1 and {PartLimits.MaxPartNumber}, inclusive");
            }

            // A number beyond the object's parts is S3's 400 InvalidPart (a plain object has one part).
            var count = Math.Max(manifest.PartsCount, 1);
            if (partNumber > count)
            {
                throw new DialectException(WireError.InvalidPart, "The requested partnumber is not satisfiable");
            }

            if (manifest.PartsCount > 0)
            {
                start = manifest.Parts.Take(partNumber - 1).Sum(p => p.Size);
                length = manifest.Parts[partNumber - 1].Size;
                partial = true;
            }

            response.Headers["x-amz-mp-parts-count"] = count.ToString(CultureInfo.InvariantCulture);
        }
        else if (request.Headers.Range.ToString() is { Length: > 0 } range && ParseRange(range, manifest.Size) is { } r)
        {
            (start, length) = r;
            partial = true;
        }

        response.StatusCode = partial ? 206 : 200;
        if (partial)
        {
            response.Headers.ContentRange = $"bytes {start}-{start + length - 1}/{manifest.Size}";
        }

        response.ContentLength = length;
        response.ContentType = manifest.Settings.ContentType ?? "binary/octet-stream";
        response.Headers.ETag = Quote(manifest.ETag);
        response.Headers.LastModified = manifest.LastModified.ToString("r", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        SetIfPresent(response, "Cache-Control", t.Get("response-cache-control") ?? manifest.Settings.CacheControl);
        SetIfPresent(response, "Content-Disposition", t.Get("response-content-disposition") ?? manifest.Settings.ContentDisposition);
        SetIfPresent(response, "Content-Encoding", t.Get("response-content-encoding") ?? manifest.Settings.ContentEncoding);
        SetIfPresent(response, "Content-Language", t.Get("response-content-language") ?? manifest.Settings.ContentLanguage);
        SetIfPresent(response, "Expires", t.Get("response-expires") ?? manifest.Settings.Expires);
        if (t.Get("response-content-type") is { } contentType)
        {
            response.ContentType = contentType;
        }

        if (manifest.Settings.StorageClass is { } storageClass and not "STANDARD")
        {
            response.Headers["x-amz-storage-class"] = storageClass;
        }

        foreach (var (name, value) in manifest.Settings.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = MetadataHeaderValue.Encode(value);
        }

        if (HttpMethods.IsHead(request.Method) || length == 0)
        {
            return;
        }

        await response.StartAsync(context.RequestAborted);
        await frontend.CopyRangeAsync(manifest, start, length, response.Body, context.RequestAborted);
    }

    private async Task DeleteObjectAsync(HttpContext context, string bucket, string key)
    {
        if (await frontend.Bucket(bucket).Describe() is null)
        {
            throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist");
        }

        await frontend.Object(bucket, key).Delete();
        context.Response.StatusCode = 204;
    }

    private async Task DeleteObjectsAsync(HttpContext context, string bucket)
    {
        var document = await S3Xml.ReadAsync(context.Request, context.Request.Body, _gateway.MaxRequestDocumentBytes, XmlDocumentLimits.From(_gateway), context.RequestAborted);
        if (document.Root.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }

        if (await frontend.Bucket(bucket).Describe() is null)
        {
            throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist");
        }

        var quiet = string.Equals(XmlDocumentReader.Child(document.Root, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = XmlDocumentReader.Children(document.Root, "Object").Select(o => XmlDocumentReader.Child(o, "Key") ?? throw S3Errors.MalformedXml()).ToList();
        if (keys.Count is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }

        var errors = new List<(string Key, DialectException Error)>();
        var deleted = new List<string>();
        foreach (var key in keys)
        {
            try
            {
                await frontend.Object(bucket, key).Delete();
                deleted.Add(key);
            }
            catch (MultipartException ex)
            {
                errors.Add((key, DialectException.From(ex)));
            }
        }

        await S3Xml.WriteAsync(context, 200, "DeleteResult", w =>
        {
            if (!quiet)
            {
                foreach (var key in deleted)
                {
                    w.WriteStartElement("Deleted");
                    w.Element("Key", key);
                    w.WriteEndElement();
                }
            }

            foreach (var (key, error) in errors)
            {
                w.WriteStartElement("Error");
                w.Element("Key", key);
                w.Element("Code", S3Errors.Describe(error.Error).Code);
                w.Element("Message", error.Message);
                w.WriteEndElement();
            }
        });
    }

    /// <summary>304/412 per RFC 7232 as S3 applies it, or null to serve the object.</summary>
    private static int? CheckPreconditions(HttpRequest request, ObjectManifest manifest)
    {
        var etag = manifest.ETag;
        var modified = manifest.LastModified;
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && !ETagListMatches(ifMatch, etag))
        {
            return 412;
        }

        if (ifMatch.Length == 0 && DateTimeOffset.TryParse(request.Headers.IfUnmodifiedSince.ToString(), CultureInfo.InvariantCulture, out var unmodifiedSince)
            && modified > unmodifiedSince.AddSeconds(1))
        {
            return 412;
        }

        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ETagListMatches(ifNoneMatch, etag))
        {
            return 304;
        }

        if (ifNoneMatch.Length == 0 && DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, out var modifiedSince)
            && modified < modifiedSince.AddSeconds(1))
        {
            return 304;
        }

        return null;
    }

    private static bool ETagListMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(v => v == "*" || v.Trim('"') == etag);

    /// <summary>A single byte range (bytes=a-b, a-, -n) as (start, length); null (whole object) for anything else; 416 when unsatisfiable.</summary>
    private static (long Start, long Length)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(','))
        {
            return null;
        }

        var spec = header["bytes=".Length..];
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        long start, end;
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                throw InvalidRange(size);
            }

            start = Math.Max(0, size - suffix);
            end = size - 1;
        }
        else
        {
            if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                return null;
            }

            end = last.Length == 0 ? size - 1 : long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? Math.Min(e, size - 1) : -2;
            if (end == -2 || (last.Length > 0 && end < start && end != size - 1))
            {
                return null;
            }

            if (start >= size)
            {
                throw InvalidRange(size);
            }
        }

        return (start, end - start + 1);
    }

    private static DialectException InvalidRange(long size) =>
        new(WireError.InvalidRange, "The requested range is not satisfiable") { Details = new Dictionary<string, string> { ["ActualObjectSize"] = size.ToString(CultureInfo.InvariantCulture) } };

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            response.Headers[header] = value;
        }
    }
}

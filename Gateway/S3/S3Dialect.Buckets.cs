using System.Text;
using Microsoft.AspNetCore.Http;

using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

public sealed partial class S3Dialect
{
    /// <summary>ListBuckets, paged as AWS does since 2024: max-buckets (1..10000), continuation-token, prefix.</summary>
    private async Task ListBucketsAsync(HttpContext context, RequestTarget t, SigV4Context auth)
    {
        var paged = t.Get("max-buckets") is not null || t.Get("continuation-token") is not null;
        var maxBuckets = ParseInt(t.Get("max-buckets"), 10_000, 1, 10_000, "max-buckets");
        var prefix = t.Get("prefix") ?? "";
        var after = t.Get("continuation-token") is { } token ? DecodeToken(token) : null;
        var all = await frontend.Grains.GetGrain<IBucketCatalogGrain>(IBucketCatalogGrain.DefaultKey).ListBuckets();
        var matching = all
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(b.Name, after) > 0))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var page = matching.Take(maxBuckets).ToList();
        var next = paged && matching.Count > page.Count ? EncodeToken(page[^1].Name) : null;
        await S3Xml.WriteAsync(context, 200, "ListAllMyBucketsResult", w =>
        {
            WriteOwner(w, "Owner", auth.AccessKey);
            w.WriteStartElement("Buckets");
            foreach (var bucket in page)
            {
                w.WriteStartElement("Bucket");
                w.Element("Name", bucket.Name);
                w.Element("CreationDate", bucket.Created);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            if (next is not null)
            {
                w.Element("ContinuationToken", next);
            }

            if (prefix.Length > 0)
            {
                w.Element("Prefix", prefix);
            }
        });
    }

    private async Task CreateBucketAsync(HttpContext context, string bucket)
    {
        if (!BucketNameRules.S3.IsValid(bucket))
        {
            throw new DialectException(WireError.InvalidBucketName, "The specified bucket is not valid.");
        }

        var rule = context.Request.Headers[S3Options.BucketRuleHeader].ToString().ToLowerInvariant() switch
        {
            "" or "concurrent" => BucketRule.Concurrent,
            "exclusive" => BucketRule.Exclusive,
            _ => throw S3Errors.InvalidArgument($"{S3Options.BucketRuleHeader} must be exclusive or concurrent."),
        };

        // The optional CreateBucketConfiguration (a location constraint) is read and ignored: one region.
        if (context.Request.ContentLength > 0)
        {
            await S3Xml.ReadAsync(context.Request, context.Request.Body, 64 * 1024);
        }

        await frontend.Bucket(bucket).Create(rule);
        context.Response.Headers.Location = "/" + bucket;
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    private async Task HeadBucketAsync(HttpContext context, string bucket)
    {
        _ = await frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist");
        context.Response.Headers["x-amz-bucket-region"] = _s3.Region;
        context.Response.StatusCode = 200;
    }

    private async Task DeleteBucketAsync(HttpContext context, string bucket)
    {
        await frontend.Bucket(bucket).Delete();
        context.Response.StatusCode = 204;
    }

    private async Task GetBucketLocationAsync(HttpContext context, string bucket)
    {
        _ = await frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist");
        await S3Xml.WriteAsync(context, 200, "LocationConstraint", w =>
        {
            if (_s3.Region != "us-east-1")
            {
                w.WriteString(_s3.Region);
            }
        });
    }

    private async Task GetBucketVersioningAsync(HttpContext context, string bucket)
    {
        _ = await frontend.Bucket(bucket).Describe() ?? throw new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist");
        await S3Xml.WriteAsync(context, 200, "VersioningConfiguration", _ => { });
    }

    private async Task ListObjectsAsync(HttpContext context, string bucket, RequestTarget t, SigV4Context auth, bool v2)
    {
        var url = UrlEncoding(t);
        var prefix = t.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(t.Get("delimiter"));
        var maxKeys = ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys");
        string? start;
        var token = v2 ? t.Get("continuation-token") : null;
        if (v2)
        {
            start = token is not null ? DecodeToken(token) : NullIfEmpty(t.Get("start-after"));
        }
        else
        {
            start = NullIfEmpty(t.Get("marker"));
        }

        var listing = await frontend.Bucket(bucket).ListObjects(new ObjectListingRequest(prefix, delimiter, start, maxKeys));
        var fetchOwner = !v2 || t.Get("fetch-owner") == "true";
        await S3Xml.WriteAsync(context, 200, "ListBucketResult", w =>
        {
            w.Element("Name", bucket);

            // ListObjects (v1) answers its Prefix as sent even with encoding-type=url, and clients
            // (botocore) decode it only in v2.
            w.Element("Prefix", v2 ? EncodeIf(url, prefix) : prefix);
            if (v2)
            {
                if (token is not null)
                {
                    w.Element("ContinuationToken", token);
                }

                if (t.Get("start-after") is { Length: > 0 } startAfter)
                {
                    w.Element("StartAfter", EncodeIf(url, startAfter));
                }

                w.Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
                if (listing.IsTruncated && listing.NextMarker is not null)
                {
                    w.Element("NextContinuationToken", EncodeToken(listing.NextMarker));
                }
            }
            else
            {
                w.Element("Marker", EncodeIf(url, start ?? ""));
                if (listing.IsTruncated && delimiter is not null && listing.NextMarker is not null)
                {
                    w.Element("NextMarker", EncodeIf(url, listing.NextMarker));
                }
            }

            w.Element("MaxKeys", maxKeys);
            if (delimiter is not null)
            {
                w.Element("Delimiter", EncodeIf(url, delimiter));
            }

            if (url)
            {
                w.Element("EncodingType", "url");
            }

            w.Element("IsTruncated", listing.IsTruncated);
            foreach (var obj in listing.Objects)
            {
                w.WriteStartElement("Contents");
                w.Element("Key", EncodeIf(url, obj.Key));
                w.Element("LastModified", obj.LastModified);
                w.Element("ETag", Quote(obj.ETag));
                w.Element("Size", obj.Size);
                if (fetchOwner)
                {
                    WriteOwner(w, "Owner", auth.AccessKey);
                }

                w.Element("StorageClass", obj.StorageClass ?? "STANDARD");
                w.WriteEndElement();
            }

            foreach (var common in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", EncodeIf(url, common));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Unversioned buckets list every object as its only version, VersionId "null".</summary>
    private async Task ListObjectVersionsAsync(HttpContext context, string bucket, RequestTarget t, SigV4Context auth)
    {
        var url = UrlEncoding(t);
        var prefix = t.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(t.Get("delimiter"));
        var maxKeys = ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys");
        var keyMarker = NullIfEmpty(t.Get("key-marker"));
        var listing = await frontend.Bucket(bucket).ListObjects(new ObjectListingRequest(prefix, delimiter, keyMarker, maxKeys));
        await S3Xml.WriteAsync(context, 200, "ListVersionsResult", w =>
        {
            w.Element("Name", bucket);
            w.Element("Prefix", EncodeIf(url, prefix));
            w.Element("KeyMarker", EncodeIf(url, keyMarker ?? ""));
            w.Element("VersionIdMarker", t.Get("version-id-marker") ?? "");
            if (listing.IsTruncated && listing.NextMarker is not null)
            {
                w.Element("NextKeyMarker", EncodeIf(url, listing.NextMarker));
                w.Element("NextVersionIdMarker", "null");
            }

            w.Element("MaxKeys", maxKeys);
            if (delimiter is not null)
            {
                w.Element("Delimiter", EncodeIf(url, delimiter));
            }

            if (url)
            {
                w.Element("EncodingType", "url");
            }

            w.Element("IsTruncated", listing.IsTruncated);
            foreach (var obj in listing.Objects)
            {
                w.WriteStartElement("Version");
                w.Element("Key", EncodeIf(url, obj.Key));
                w.Element("VersionId", "null");
                w.Element("IsLatest", true);
                w.Element("LastModified", obj.LastModified);
                w.Element("ETag", Quote(obj.ETag));
                w.Element("Size", obj.Size);
                WriteOwner(w, "Owner", auth.AccessKey);
                w.Element("StorageClass", obj.StorageClass ?? "STANDARD");
                w.WriteEndElement();
            }

            foreach (var common in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", EncodeIf(url, common));
                w.WriteEndElement();
            }
        });
    }

    private static string EncodeToken(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect");
        }
    }
}

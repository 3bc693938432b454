using System.Globalization;
using Microsoft.AspNetCore.Http;

using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

public sealed partial class S3Dialect
{
    private async Task InitiateAsync(HttpContext context, string bucket, string key)
    {
        var settings = ReadSettings(context.Request);
        var upload = await frontend.Object(bucket, key).Initiate(settings);
        if (context.Request.Headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } algorithm)
        {
            context.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
        }

        await S3Xml.WriteAsync(context, 200, "InitiateMultipartUploadResult", w =>
        {
            w.Element("Bucket", bucket);
            w.Element("Key", key);
            w.Element("UploadId", upload.UploadId);
        });
    }

    private async Task UploadPartAsync(HttpContext context, string bucket, string key, RequestTarget t, SigV4Context auth)
    {
        var uploadId = t.Get("uploadId");
        var partText = t.Get("partNumber");
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw S3Errors.InvalidArgument("UploadPart needs both partNumber and uploadId.");
        }

        if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber < 1 || partNumber > PartLimits.MaxPartNumber)
        {
            throw S3Errors.InvalidArgument($"Part number must be an integer between 1 and {PartLimits.MaxPartNumber}, inclusive");
        }

        // Refuse before reading a byte when the upload is not open for this key.
        await frontend.Upload(uploadId).Describe(bucket, key);
        var (pending, checksum) = await ReceiveBodyAsync(context, auth, _gateway.MaxPartSize);
        using var owner = pending;
        await frontend.UploadPartAsync(bucket, key, uploadId, partNumber, pending);
        context.Response.Headers.ETag = Quote(pending.Blob.Md5Hex);
        if (checksum is not null)
        {
            context.Response.Headers[checksum.HeaderName] = checksum.ToBase64();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    private async Task CompleteAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        var conditions = ReadConditions(context.Request);
        var document = await S3Xml.ReadAsync(context.Request, context.Request.Body, _gateway.MaxRequestDocumentBytes, XmlDocumentLimits.From(_gateway), context.RequestAborted);
        if (document.Root.Name.LocalName != "CompleteMultipartUpload")
        {
            throw S3Errors.MalformedXml();
        }

        var parts = new List<CompletePart>();
        foreach (var part in XmlDocumentReader.Children(document.Root, "Part"))
        {
            if (!int.TryParse(XmlDocumentReader.Child(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }

            parts.Add(new CompletePart(number, XmlDocumentReader.Child(part, "ETag") ?? throw S3Errors.MalformedXml()));
            if (parts.Count > PartLimits.MaxPartNumber)
            {
                throw S3Errors.MalformedXml();
            }
        }

        parts = LastOfEachResentPart(parts);

        // The grain call is not tied to the request: a client that gives up does not abandon a
        // Complete half-way (and a retry answers its result).
        var result = await frontend.Upload(uploadId).Complete(bucket, key, parts, new CompletionRules(_gateway.MinPartSize), conditions);
        var location = $"{context.Request.Scheme}://{context.Request.Host}/{bucket}/{RequestTarget.UriEncode(key, keepSlash: true)}";
        await S3Xml.WriteAsync(context, 200, "CompleteMultipartUploadResult", w =>
        {
            w.Element("Location", location);
            w.Element("Bucket", bucket);
            w.Element("Key", key);
            w.Element("ETag", Quote(result.ETag));
        });
    }

    private async Task AbortAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        await frontend.Upload(uploadId).Abort(bucket, key);
        context.Response.StatusCode = 204;
    }

    private async Task ListPartsAsync(HttpContext context, string bucket, string key, string uploadId, RequestTarget t, SigV4Context auth)
    {
        var maxParts = ParseInt(t.Get("max-parts"), 1000, 0, 1000, "max-parts");
        var marker = ParseInt(t.Get("part-number-marker"), 0, 0, PartLimits.MaxPartNumber, "part-number-marker");
        var url = UrlEncoding(t);
        var grain = frontend.Upload(uploadId);
        var upload = await grain.Describe(bucket, key);
        var page = await grain.ListParts(bucket, key, marker, maxParts);
        await S3Xml.WriteAsync(context, 200, "ListPartsResult", w =>
        {
            w.Element("Bucket", bucket);
            if (url)
            {
                w.Element("EncodingType", "url");
            }

            w.Element("Key", EncodeIf(url, key));
            w.Element("UploadId", uploadId);
            WriteOwner(w, "Initiator", auth.AccessKey);
            WriteOwner(w, "Owner", auth.AccessKey);
            w.Element("StorageClass", upload.Settings.StorageClass ?? "STANDARD");
            w.Element("PartNumberMarker", marker);
            w.Element("NextPartNumberMarker", page.NextPartNumberMarker);
            w.Element("MaxParts", maxParts);
            w.Element("IsTruncated", page.IsTruncated);
            foreach (var part in page.Parts)
            {
                w.WriteStartElement("Part");
                w.Element("PartNumber", part.PartNumber);
                w.Element("LastModified", part.LastModified);
                w.Element("ETag", Quote(part.ETag));
                w.Element("Size", part.Size);
                w.WriteEndElement();
            }
        });
    }

    private async Task ListUploadsAsync(HttpContext context, string bucket, RequestTarget t, SigV4Context auth)
    {
        var url = UrlEncoding(t);
        var request = new UploadListingRequest(
            t.Get("prefix") ?? "",
            NullIfEmpty(t.Get("delimiter")),
            NullIfEmpty(t.Get("key-marker")),
            NullIfEmpty(t.Get("upload-id-marker")),
            ParseInt(t.Get("max-uploads"), 1000, 0, 1000, "max-uploads"));
        var listing = await frontend.Bucket(bucket).ListUploads(request);
        await S3Xml.WriteAsync(context, 200, "ListMultipartUploadsResult", w =>
        {
            w.Element("Bucket", bucket);
            w.Element("KeyMarker", EncodeIf(url, request.KeyMarker ?? ""));
            w.Element("UploadIdMarker", request.UploadIdMarker ?? "");
            w.Element("NextKeyMarker", EncodeIf(url, listing.NextKeyMarker ?? ""));
            w.Element("NextUploadIdMarker", listing.NextUploadIdMarker ?? "");
            if (url)
            {
                w.Element("EncodingType", "url");
            }

            if (request.Delimiter is not null)
            {
                w.Element("Delimiter", EncodeIf(url, request.Delimiter));
            }

            w.Element("Prefix", EncodeIf(url, request.Prefix));
            w.Element("MaxUploads", request.MaxUploads);
            w.Element("IsTruncated", listing.IsTruncated);
            foreach (var upload in listing.Uploads)
            {
                w.WriteStartElement("Upload");
                w.Element("Key", EncodeIf(url, upload.Key));
                w.Element("UploadId", upload.UploadId);
                WriteOwner(w, "Initiator", auth.AccessKey);
                WriteOwner(w, "Owner", auth.AccessKey);
                w.Element("StorageClass", upload.StorageClass ?? "STANDARD");
                w.Element("Initiated", upload.Initiated);
                w.WriteEndElement();
            }

            foreach (var prefix in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", EncodeIf(url, prefix));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>
    /// A part number listed again right after itself (the part was re-sent and both sends were
    /// listed) counts once, with its last entry, as Ceph RGW does (s3-tests
    /// test_multipart_resend_first_finishes_last); a number that goes back down is still InvalidPartOrder.
    /// </summary>
    private static List<CompletePart> LastOfEachResentPart(List<CompletePart> parts)
    {
        var kept = new List<CompletePart>(parts.Count);
        foreach (var part in parts)
        {
            if (kept.Count > 0 && kept[^1].PartNumber == part.PartNumber)
            {
                kept[^1] = part;
            }
            else
            {
                kept.Add(part);
            }
        }

        return kept;
    }
}

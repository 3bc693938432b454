using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The bodies of S3's listing documents (ListAllMyBucketsResult, ListBucketResult, ListVersionsResult,
/// ListMultipartUploadsResult, ListPartsResult); WOS answers the last two in the same shape, with its own owner.
/// </summary>
public static class S3ListingRenderer
{
    /// <summary>Writes an owner element (Owner, Initiator) in the dialect's form.</summary>
    public delegate void OwnerWriter(XmlWriter writer, string element);

    public static void Buckets(XmlWriter w, BucketsListed listed, Caller caller)
    {
        S3Renderer.WriteOwner(w, "Owner", caller.AccessKey);
        w.Group("Buckets", () =>
        {
            foreach (var bucket in listed.Buckets)
            {
                w.Group("Bucket", () =>
                {
                    w.Element("Name", bucket.Name);
                    w.Element("CreationDate", bucket.Created);
                });
            }
        });
        if (listed.NextAfter is not null)
        {
            w.Element("ContinuationToken", S3ContinuationToken.Encode(listed.NextAfter));
        }

        if (listed.Operation.Prefix.Length > 0)
        {
            w.Element("Prefix", listed.Operation.Prefix);
        }
    }

    public static void Objects(XmlWriter w, ObjectsListed listed, Caller caller)
    {
        var (op, listing) = (listed.Operation, listed.Listing);
        var url = op.UrlEncoding;
        var v2 = op.Version == ListingVersion.V2;
        w.Element("Name", op.Bucket);

        // ListObjects (v1) answers its Prefix as sent even with encoding-type=url, and clients
        // (botocore) decode it only in v2.
        w.Element("Prefix", v2 ? EncodeIf(url, op.Request.Prefix) : op.Request.Prefix);
        if (v2)
        {
            if (op.ContinuationToken is not null)
            {
                w.Element("ContinuationToken", op.ContinuationToken);
            }

            if (op.StartAfter is not null)
            {
                w.Element("StartAfter", EncodeIf(url, op.StartAfter));
            }

            w.Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
            if (listing.IsTruncated && listing.NextMarker is not null)
            {
                w.Element("NextContinuationToken", S3ContinuationToken.Encode(listing.NextMarker));
            }
        }
        else
        {
            w.Element("Marker", EncodeIf(url, op.Request.StartAfter ?? ""));
            if (listing.IsTruncated && op.Request.Delimiter is not null && listing.NextMarker is not null)
            {
                w.Element("NextMarker", EncodeIf(url, listing.NextMarker));
            }
        }

        ListingTail(w, op.Request, url, listing, op.FetchOwner, "Contents", caller);
    }

    /// <summary>Unversioned buckets list every object as its only version, VersionId "null".</summary>
    public static void Versions(XmlWriter w, VersionsListed listed, Caller caller)
    {
        var (op, listing) = (listed.Operation, listed.Listing);
        var url = op.UrlEncoding;
        w.Element("Name", op.Bucket);
        w.Element("Prefix", EncodeIf(url, op.Request.Prefix));
        w.Element("KeyMarker", EncodeIf(url, op.Request.StartAfter ?? ""));
        w.Element("VersionIdMarker", op.VersionIdMarker);
        if (listing.IsTruncated && listing.NextMarker is not null)
        {
            w.Element("NextKeyMarker", EncodeIf(url, listing.NextMarker));
            w.Element("NextVersionIdMarker", "null");
        }

        ListingTail(w, op.Request, url, listing, true, "Version", caller);
    }

    public static void Uploads(XmlWriter w, UploadsListed listed, OwnerWriter owner)
    {
        var (request, listing, url) = (listed.Operation.Request, listed.Listing, listed.Operation.UrlEncoding);
        w.Element("Bucket", listed.Operation.Bucket);
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
            w.Group("Upload", () =>
            {
                w.Element("Key", EncodeIf(url, upload.Key));
                w.Element("UploadId", upload.UploadId);
                owner(w, "Initiator");
                owner(w, "Owner");
                w.Element("StorageClass", upload.StorageClass ?? "STANDARD");
                w.Element("Initiated", upload.Initiated);
                if (upload.ChecksumAlgorithm is { } algorithm)
                {
                    w.Element("ChecksumAlgorithm", BodyChecksum.NameOf(algorithm));
                    w.Element("ChecksumType", ChecksumXml.TypeName(upload.ChecksumType ?? ChecksumValue.DefaultType(algorithm)));
                }
            });
        }

        CommonPrefixes(w, listing.CommonPrefixes, url);
    }

    public static void Parts(XmlWriter w, PartsListed listed, OwnerWriter owner)
    {
        var (op, page, url) = (listed.Operation, listed.Page, listed.Operation.UrlEncoding);
        w.Element("Bucket", op.Bucket);
        if (url)
        {
            w.Element("EncodingType", "url");
        }

        w.Element("Key", EncodeIf(url, op.Key));
        w.Element("UploadId", op.UploadId);
        owner(w, "Initiator");
        owner(w, "Owner");
        w.Element("StorageClass", listed.Upload.Settings.StorageClass ?? "STANDARD");
        w.Element("PartNumberMarker", op.Marker);
        w.Element("NextPartNumberMarker", page.NextPartNumberMarker);
        w.Element("MaxParts", op.MaxParts);
        w.Element("IsTruncated", page.IsTruncated);
        foreach (var part in page.Parts)
        {
            w.Group("Part", () =>
            {
                w.Element("PartNumber", part.PartNumber);
                w.Element("LastModified", part.LastModified);
                w.Element("ETag", S3Renderer.Quote(part.ETag));
                w.Element("Size", part.Size);
                ChecksumXml.WritePart(w, part.Checksum);
            });
        }

        if (listed.Upload.Settings.ChecksumAlgorithm is { } algorithm)
        {
            w.Element("ChecksumAlgorithm", BodyChecksum.NameOf(algorithm));
            w.Element("ChecksumType", ChecksumXml.TypeName(listed.Upload.Settings.ChecksumType ?? ChecksumValue.DefaultType(algorithm)));
        }
    }

    /// <summary>What ListBucketResult and ListVersionsResult end with: MaxKeys, Delimiter, EncodingType, IsTruncated, the entries and the common prefixes.</summary>
    private static void ListingTail(XmlWriter w, ObjectListingRequest request, bool url, ObjectListing listing, bool owner, string entry, Caller caller)
    {
        w.Element("MaxKeys", request.MaxKeys);
        if (request.Delimiter is not null)
        {
            w.Element("Delimiter", EncodeIf(url, request.Delimiter));
        }

        if (url)
        {
            w.Element("EncodingType", "url");
        }

        w.Element("IsTruncated", listing.IsTruncated);
        var versions = entry == "Version";
        foreach (var obj in listing.Objects)
        {
            w.Group(entry, () =>
            {
                w.Element("Key", EncodeIf(url, obj.Key));
                if (versions)
                {
                    w.Element("VersionId", "null");
                    w.Element("IsLatest", true);
                }

                w.Element("LastModified", obj.LastModified);
                w.Element("ETag", S3Renderer.Quote(obj.ETag));
                w.Element("Size", obj.Size);
                if (owner)
                {
                    S3Renderer.WriteOwner(w, "Owner", caller.AccessKey);
                }

                w.Element("StorageClass", obj.StorageClass ?? "STANDARD");
            });
        }

        CommonPrefixes(w, listing.CommonPrefixes, url);
    }

    private static void CommonPrefixes(XmlWriter w, IReadOnlyList<string> prefixes, bool url)
    {
        foreach (var prefix in prefixes)
        {
            w.Group("CommonPrefixes", () => w.Element("Prefix", EncodeIf(url, prefix)));
        }
    }

    private static string EncodeIf(bool url, string value) => url ? RequestTarget.UriEncode(value, keepSlash: true) : value;
}

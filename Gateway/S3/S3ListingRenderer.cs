using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The bodies of S3's bucket and object listing documents (ListAllMyBucketsResult, ListBucketResult, ListVersionsResult);
/// the multipart listings, which WOS answers too, are <see cref="S3FamilyListings"/>.
/// </summary>
internal static class S3ListingRenderer
{
    public static void Buckets(XmlWriter w, BucketsListed listed, Caller caller, S3OwnerNames names)
    {
        S3Renderer.WriteOwner(w, "Owner", caller.Principal.AccountId, names);
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

    public static void Objects(XmlWriter w, ObjectsListed listed, S3OwnerNames names)
    {
        var (op, listing) = (listed.Operation, listed.Listing);
        var url = op.UrlEncoding;
        var v2 = op.Version == ListingVersion.V2;
        w.Element("Name", op.Bucket);

        // ListObjects (v1) answers its Prefix as sent even with encoding-type=url, and clients
        // (botocore) decode it only in v2.
        w.Element("Prefix", v2 ? S3FamilyListings.EncodeIf(url, op.Request.Prefix) : op.Request.Prefix);
        if (v2)
        {
            if (op.ContinuationToken is not null)
            {
                w.Element("ContinuationToken", op.ContinuationToken);
            }

            if (op.StartAfter is not null)
            {
                w.Element("StartAfter", S3FamilyListings.EncodeIf(url, op.StartAfter));
            }

            w.Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
            if (listing.IsTruncated && listing.NextMarker is not null)
            {
                w.Element("NextContinuationToken", S3ContinuationToken.Encode(listing.NextMarker));
            }
        }
        else
        {
            w.Element("Marker", S3FamilyListings.EncodeIf(url, op.Request.StartAfter ?? ""));
            if (listing.IsTruncated && op.Request.Delimiter is not null && listing.NextMarker is not null)
            {
                w.Element("NextMarker", S3FamilyListings.EncodeIf(url, listing.NextMarker));
            }
        }

        ListingTail(w, op.Request, url, listing, op.FetchOwner, "Contents", names);
    }

    /// <summary>What ListBucketResult ends with: MaxKeys, Delimiter, EncodingType, IsTruncated, the entries and the common prefixes.</summary>
    private static void ListingTail(XmlWriter w, ObjectListingRequest request, bool url, ObjectListing listing, bool owner, string entry, S3OwnerNames names)
    {
        w.Element("MaxKeys", request.MaxKeys);
        if (request.Delimiter is not null)
        {
            w.Element("Delimiter", S3FamilyListings.EncodeIf(url, request.Delimiter));
        }

        if (url)
        {
            w.Element("EncodingType", "url");
        }

        w.Element("IsTruncated", listing.IsTruncated);
        foreach (var obj in listing.Objects)
        {
            w.Group(entry, () =>
            {
                w.Element("Key", S3FamilyListings.EncodeIf(url, obj.Key));
                w.Element("LastModified", obj.LastModified);
                w.Element("ETag", S3Renderer.Quote(obj.ETag));
                w.Element("Size", obj.Size);
                if (owner)
                {
                    S3Renderer.WriteOwner(w, "Owner", S3Renderer.AccountOf(obj.Owner), names);
                }

                w.Element("StorageClass", obj.StorageClass ?? "STANDARD");
            });
        }

        S3FamilyListings.CommonPrefixes(w, listing.CommonPrefixes, url);
    }
}

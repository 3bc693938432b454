using System.Xml;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>
/// The bodies of the S3-shaped multipart listings (ListMultipartUploadsResult, ListPartsResult), which the s3
/// dialect answers and WOS answers in its own namespace; each names the owner its own way (<see cref="OwnerWriter"/>).
/// </summary>
internal static class S3FamilyListings
{
    /// <summary>Writes an owner element (Owner, Initiator) naming <paramref name="account"/> in the dialect's form.</summary>
    public delegate void OwnerWriter(XmlWriter writer, string element, string account);

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
                // The initiating account is both: the upload becomes its object, which is its writer's.
                var account = AccountOf(upload.Owner);
                owner(w, "Initiator", account);
                owner(w, "Owner", account);
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
        var account = AccountOf(listed.Upload.Settings.Owner);
        owner(w, "Initiator", account);
        owner(w, "Owner", account);
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
                w.Element("ETag", "\"" + part.ETag + "\"");
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

    internal static void CommonPrefixes(XmlWriter w, IReadOnlyList<string> prefixes, bool url)
    {
        foreach (var prefix in prefixes)
        {
            w.Group("CommonPrefixes", () => w.Element("Prefix", EncodeIf(url, prefix)));
        }
    }

    /// <summary>The account a stored owner names: uploads initiated before accounts (no owner) are root's.</summary>
    internal static string AccountOf(string? owner) => owner ?? AccountIds.Root;

    internal static string EncodeIf(bool url, string value) => url ? RequestTarget.UriEncode(value, keepSlash: true) : value;
}

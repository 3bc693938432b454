using System.Xml;
using Orleans.Multipart.Gateway.Documents;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Gateway.Wos;

/// <summary>The bodies of WOS's ListPartsResult and ListMultipartUploadsResult (the latter undocumented by the vendor: the S3 shape in the WOS namespace).</summary>
public static class WosListings
{
    public static void Parts(XmlWriter w, PartsListed listed, Caller caller)
    {
        var (op, page) = (listed.Operation, listed.Page);
        w.Element("Bucket", op.Bucket);
        w.Element("Key", op.Key);
        w.Element("UploadId", op.UploadId);
        Owner(w, "Initiator", caller);
        Owner(w, "Owner", caller);
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
            });
        }
    }

    public static void Uploads(XmlWriter w, UploadsListed listed, Caller caller)
    {
        var (request, listing) = (listed.Operation.Request, listed.Listing);
        w.Element("Bucket", listed.Operation.Bucket);
        w.Element("KeyMarker", request.KeyMarker ?? "");
        w.Element("UploadIdMarker", request.UploadIdMarker ?? "");
        w.Element("NextKeyMarker", listing.NextKeyMarker ?? "");
        w.Element("NextUploadIdMarker", listing.NextUploadIdMarker ?? "");
        if (request.Delimiter is not null)
        {
            w.Element("Delimiter", request.Delimiter);
        }

        w.Element("Prefix", request.Prefix);
        w.Element("MaxUploads", request.MaxUploads);
        w.Element("IsTruncated", listing.IsTruncated);
        foreach (var upload in listing.Uploads)
        {
            w.Group("Upload", () =>
            {
                w.Element("Key", upload.Key);
                w.Element("UploadId", upload.UploadId);
                Owner(w, "Initiator", caller);
                Owner(w, "Owner", caller);
                w.Element("StorageClass", upload.StorageClass ?? "STANDARD");
                w.Element("Initiated", upload.Initiated);
            });
        }

        foreach (var prefix in listing.CommonPrefixes)
        {
            w.Group("CommonPrefixes", () => w.Element("Prefix", prefix));
        }
    }

    private static void Owner(XmlWriter w, string element, Caller caller) => w.Group(element, () =>
    {
        w.Element("ID", caller.AccessKey);
        w.Element("DisplayName", caller.AccessKey);
    });
}

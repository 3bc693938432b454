using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's multipart answers: Initiate, UploadPart, Complete, ListParts, ListMultipartUploads.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> MultipartRenderings() =>
    [
        Rendering.Of<UploadsListed>(async (context, _, listed) =>
        {
            var names = await S3OwnerNames.ReadAsync(context, listed.Listing.Uploads.Select(u => AccountOf(u.Owner)));
            await Xml(context, "ListMultipartUploadsResult", w => S3FamilyListings.Uploads(w, listed, (x, element, account) => WriteOwner(x, element, account, names)));
        }),
        Rendering.Of<PartsListed>(async (context, _, listed) =>
        {
            var names = await S3OwnerNames.ReadAsync(context, [AccountOf(listed.Upload.Settings.Owner)]);
            await Xml(context, "ListPartsResult", w => S3FamilyListings.Parts(w, listed, (x, element, account) => WriteOwner(x, element, account, names)));
        }),
        Rendering.Of<UploadInitiated>((context, _, initiated) =>
        {
            UploadChecksumHeaders(context.Response, initiated.Upload.Settings);
            return XmlDocumentWriter.WriteAsync(context, 200, new InitiateMultipartUploadResult(initiated.Operation.Bucket, initiated.Operation.Key, initiated.Upload.UploadId), S3Xml.Namespace);
        }),
        Rendering.Of<PartStored>((context, _, stored) => Stored(context.Response, stored.Blob.Md5Hex, stored.Checksum)),
        Rendering.Of<UploadCompleted>((context, _, completed) =>
        {
            var (bucket, key) = (completed.Operation.Bucket, completed.Operation.Key);
            return XmlDocumentWriter.WriteAsync(context, 200, new CompleteMultipartUploadResult(CompleteMultipartUploadResult.LocationOf(context.Request, bucket, key), bucket, key, completed.Result.ETag, completed.Result.Checksum), S3Xml.Namespace);
        }),
    ];
}

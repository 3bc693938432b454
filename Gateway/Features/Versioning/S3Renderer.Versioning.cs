using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's versioning answers: x-amz-version-id on writes and reads, DELETE's marker headers, ListVersionsResult, VersioningConfiguration.</summary>
internal sealed partial class S3Renderer
{
    private const string VersionIdHeader = "x-amz-version-id";

    private static IEnumerable<Rendering> VersioningRenderings() =>
    [
        Rendering.Of<ObjectVersionDeleted>((context, _, deleted) =>
        {
            if (deleted.Result is { } result)
            {
                context.Response.Headers[VersionIdHeader] = result.VersionId ?? VersionIds.Null;
                if (result.DeleteMarker)
                {
                    context.Response.Headers["x-amz-delete-marker"] = "true";
                }
            }
            else if (deleted.Operation.VersionId is { } asked)
            {
                // Nothing of that ID was there: S3 still answers 204 naming it.
                context.Response.Headers[VersionIdHeader] = asked;
            }

            return Empty(context.Response, 204, contentLength: false);
        }),
        Rendering.Of<ObjectVersionsListed>(async (context, _, listed) =>
        {
            // Owners by their display names, as ACL answers name them (s3t23).
            var names = await S3OwnerNames.ReadAsync(context, listed.Listing.Versions.Select(v => AccountOf(v.Owner)));
            await Xml(context, "ListVersionsResult", w => Versions(w, listed, names));
        }),

        // S3 answers PutBucketVersioning 200 with no body.
        Rendering.Of<Done>((context, _, _) => Empty(context.Response, 200), done => done.Operation is PutBucketVersioning),
    ];

    /// <summary>
    /// x-amz-version-id wherever S3 answers it: PutObject, CopyObject (and the source's version) and CompleteMultipartUpload
    /// when they made a version with an ID (a suspended bucket's null version is not announced, as S3), GetObject / HeadObject
    /// of a versioned object (<c>null</c> included).
    /// </summary>
    private static void VersionHeaders(HttpResponse response, OperationResult result)
    {
        var versionId = result switch
        {
            ObjectStored stored => IdOnly(stored.Manifest.VersionId),
            ObjectRead read => read.Manifest.VersionId,
            NotModified notModified => notModified.Manifest.VersionId,
            ObjectCopied copied => IdOnly(copied.Manifest.VersionId),
            UploadCompleted completed => IdOnly(completed.Result.VersionId),
            _ => null,
        };
        if (versionId is not null)
        {
            response.Headers[VersionIdHeader] = versionId;
        }

        if (result is ObjectCopied { Operation.Source.VersionId: { } sourceVersion })
        {
            response.Headers["x-amz-copy-source-version-id"] = sourceVersion;
        }
    }

    /// <summary>
    /// A DeleteObjects Deleted entry's version elements: the version named (VersionId) and, when the delete removed or made a
    /// delete marker, DeleteMarker and DeleteMarkerVersionId; nothing in a bucket never versioned.
    /// </summary>
    private static void DeletedVersionElements(XmlWriter w, DeletedVersion? version)
    {
        if (version is null)
        {
            return;
        }

        if (version.Requested is { } requested)
        {
            w.Element("VersionId", requested);
        }

        if (version.Result is { DeleteMarker: true } marker)
        {
            w.Element("DeleteMarker", true);
            w.Element("DeleteMarkerVersionId", version.Requested ?? marker.VersionId ?? VersionIds.Null);
        }
    }

    private static string? IdOnly(string? versionId) => versionId == VersionIds.Null ? null : versionId;

    /// <summary>GetBucketVersioning: no Status in a bucket never versioned (S3's empty VersioningConfiguration).</summary>
    private static void VersioningConfiguration(XmlWriter w, BucketInfo bucket)
    {
        switch (bucket.Versioning)
        {
            case BucketVersioning.Enabled:
                w.Element("Status", "Enabled");
                break;
            case BucketVersioning.Suspended:
                w.Element("Status", "Suspended");
                break;
        }
    }

    /// <summary>ListVersionsResult in S3's element order; versions and delete markers interleaved as listed (key, then newest first).</summary>
    private static void Versions(XmlWriter w, ObjectVersionsListed listed, S3OwnerNames names)
    {
        var (op, listing) = (listed.Operation, listed.Listing);
        var url = op.UrlEncoding;
        w.Element("Name", op.Bucket);
        w.Element("Prefix", S3FamilyListings.EncodeIf(url, op.Request.Prefix));
        w.Element("KeyMarker", S3FamilyListings.EncodeIf(url, op.Request.StartAfter ?? ""));
        w.Element("VersionIdMarker", op.VersionIdMarker);
        if (listing.IsTruncated)
        {
            if (listing.NextKeyMarker is { } nextKey)
            {
                w.Element("NextKeyMarker", S3FamilyListings.EncodeIf(url, nextKey));
            }

            if (listing.NextVersionIdMarker is { } nextVersion)
            {
                w.Element("NextVersionIdMarker", nextVersion);
            }
        }

        w.Element("MaxKeys", op.Request.MaxKeys);
        if (op.Request.Delimiter is not null)
        {
            w.Element("Delimiter", S3FamilyListings.EncodeIf(url, op.Request.Delimiter));
        }

        if (url)
        {
            w.Element("EncodingType", "url");
        }

        w.Element("IsTruncated", listing.IsTruncated);
        foreach (var version in listing.Versions)
        {
            w.Group(version.IsDeleteMarker ? "DeleteMarker" : "Version", () =>
            {
                w.Element("Key", S3FamilyListings.EncodeIf(url, version.Key));
                w.Element("VersionId", version.VersionId);
                w.Element("IsLatest", version.IsLatest);
                w.Element("LastModified", version.LastModified);
                if (!version.IsDeleteMarker)
                {
                    w.Element("ETag", Quote(version.ETag));
                    w.Element("Size", version.Size);
                }

                WriteOwner(w, "Owner", AccountOf(version.Owner), names);
                if (!version.IsDeleteMarker)
                {
                    w.Element("StorageClass", version.StorageClass ?? "STANDARD");
                }
            });
        }

        S3FamilyListings.CommonPrefixes(w, listing.CommonPrefixes, url);
    }
}

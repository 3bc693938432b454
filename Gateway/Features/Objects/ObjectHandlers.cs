namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The single-object operations' handlers: put, get/head, delete, and the multi-object delete.</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> PutObjectAsync(HttpContext context, PutObject put)
    {
        var conditions = await ConditionsAtStartAsync(put.Bucket, put.Key, put.Conditions);
        var settings = await WithBucketDefaultAsync(put.Bucket, put.Settings, put.CustomerKey);
        await using var body = await put.Body.StoreAsync(context, frontend, _gateway.MaxObjectSize, settings.Encrypted, put.CustomerKey);
        var manifest = await frontend.PutAsync(put.Bucket, put.Key, body.Blob, settings, conditions, body.Checksum?.Value);
        return new ObjectStored(put, manifest, body.Checksum);
    }

    internal async Task<OperationResult> GetObjectAsync(GetObject get)
    {
        var manifest = await ManifestForReadAsync(get);
        // A number beyond the object's parts is S3's 400 InvalidPart (a plain object has one part), answered
        // before the SSE-C key is asked for: no key makes a part that does not exist readable.
        if (get.PartNumber > Math.Max(manifest.PartsCount, 1))
        {
            throw new DialectException(MultipartError.InvalidPart, "The requested partnumber is not satisfiable");
        }

        CustomerKeyRule.Read.Check(manifest.Settings, get.CustomerKey);
        if (get.Preconditions?.Evaluate(manifest) is { } status)
        {
            return status == 304
                ? new NotModified(get, manifest)
                : throw MultipartError.PreconditionFailed.Error();
        }

        if (get.PartNumber is { } partNumber)
        {
            var count = Math.Max(manifest.PartsCount, 1);
            return manifest.PartsCount > 0
                ? Read(get, manifest, manifest.Parts.Take(partNumber - 1).Sum(p => p.Size), manifest.Parts[partNumber - 1].Size, true, count)
                : Read(get, manifest, 0, manifest.Size, false, count);
        }

        return get.Range is { Length: > 0 } header && ByteRange.Parse(header, manifest.Size) is { } range
            ? Read(get, manifest, range.Start, range.Length, true, null)
            : Read(get, manifest, 0, manifest.Size, false, null);
    }

    private ObjectRead Read(GetObject get, ObjectManifest manifest, long start, long length, bool partial, int? partsCount) =>
        new(get, manifest, new ObjectContent(frontend, manifest, start, length, get.CustomerKey), partial, partsCount);

    internal Task<OperationResult> DeleteObjectAsync(DeleteObject delete) => DeleteObjectOrVersionAsync(delete);

    internal async Task<OperationResult> DeleteObjectsAsync(DeleteObjects delete)
    {
        await ExistingBucketAsync(delete.Bucket);
        var failed = new List<(string Key, DialectException Error)>();
        var deleted = new List<string>();
        var versions = new List<DeletedVersion>();
        for (var i = 0; i < delete.Keys.Count; i++)
        {
            var key = delete.Keys[i];
            if (delete.Refused.Contains(key))
            {
                failed.Add((key, new DialectException(MultipartError.AccessDenied, "Access Denied")));
                continue;
            }

            try
            {
                var requested = delete.VersionIds?[i];
                versions.Add(new DeletedVersion(requested, await frontend.Object(delete.Bucket, key).DeleteVersion(requested is null ? null : CheckedVersionId(requested))));
                deleted.Add(key);
            }
            catch (MultipartException ex)
            {
                failed.Add((key, DialectException.From(ex)));
            }
            catch (DialectException ex)
            {
                failed.Add((key, ex));
            }
        }

        return new ObjectsDeleted(delete, deleted, failed) { Versions = versions };
    }
}

using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// S3's customer-key (SSE-C) rules for one kind of request. The three cases are the same everywhere; what
/// S3 answers in each differs by request: a key sent for an object or upload stored without one, no key
/// for a customer-keyed one, and a key other than the one it was stored with (checked against the MD5
/// it recorded; the key itself is never stored).
/// </summary>
internal sealed class CustomerKeyRule(Func<DialectException> unexpected, Func<DialectException> missing, Func<DialectException> mismatch)
{
    /// <summary>A part (or part copy) of a customer-keyed upload must come with the upload's key; a part of any other upload with none.</summary>
    public static readonly CustomerKeyRule Part = new(
        () => new DialectException(MultipartError.InvalidRequest, "The multipart upload initiate requested no customer-provided encryption key; the encryption parameters are not applicable to this part."),
        () => new DialectException(MultipartError.InvalidRequest, "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters."),
        () => new DialectException(MultipartError.InvalidArgument, "The provided encryption parameters did not match the ones used originally."));

    /// <summary>A read (GET, HEAD, GetObjectAttributes): no key for a customer-keyed object is 400 InvalidRequest, another key 403 AccessDenied, a key for any other object 400.</summary>
    public static readonly CustomerKeyRule Read = new(
        () => new DialectException(MultipartError.InvalidRequest, "The encryption parameters are not applicable to this object."),
        Errors.CustomerKeyRequired,
        Errors.CustomerKeyMismatch);

    /// <summary>A copy's source: as for a read, with the copy-source headers named.</summary>
    public static readonly CustomerKeyRule CopySource = new(
        () => new DialectException(MultipartError.InvalidRequest, "The encryption parameters are not applicable to this object: the copy source is not encrypted with a customer-provided key."),
        () => new DialectException(MultipartError.InvalidRequest, "The source object of the COPY action is encrypted with a customer-provided key (SSE-C). The copy-source encryption parameters (x-amz-copy-source-server-side-encryption-customer-*) must be provided to read it."),
        () => new DialectException(MultipartError.AccessDenied, "Access Denied: the copy-source customer-provided encryption key does not match the key the source object was stored with."));

    /// <summary>Refuses <paramref name="key"/> for what was stored with <paramref name="stored"/> settings, as this rule answers.</summary>
    public void Check(ObjectSettings stored, CustomerKey? key)
    {
        if (stored.CustomerKeyMd5 is null)
        {
            if (key is not null)
            {
                throw unexpected();
            }

            return;
        }

        if (key is null)
        {
            throw missing();
        }

        if (!key.Matches(stored.CustomerKeyMd5))
        {
            throw mismatch();
        }
    }
}

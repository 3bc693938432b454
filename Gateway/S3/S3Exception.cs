using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>An S3 error: the code, status and message S3 itself would answer with.</summary>
public sealed class S3Exception(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>Extra elements in the error body (StringToSign, CanonicalRequest, ...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public static S3Exception AccessDenied(string message = "Access Denied") => new(403, "AccessDenied", message);
    public static S3Exception InvalidArgument(string message) => new(400, "InvalidArgument", message);
    public static S3Exception InvalidRequest(string message) => new(400, "InvalidRequest", message);
    public static S3Exception MalformedXml() => new(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
    public static S3Exception NotImplemented(string what) => new(501, "NotImplemented", $"A header or query you provided implies functionality that is not implemented: {what}.");

    /// <summary>Maps the service's error vocabulary to S3's.</summary>
    public static S3Exception From(MultipartException ex) => ex.Error switch
    {
        MultipartError.NoSuchBucket => new(404, "NoSuchBucket", ex.Message),
        MultipartError.BucketAlreadyExists => new(409, "BucketAlreadyOwnedByYou", ex.Message),
        MultipartError.BucketNotEmpty => new(409, "BucketNotEmpty", ex.Message),
        MultipartError.NoSuchKey => new(404, "NoSuchKey", ex.Message),
        MultipartError.NoSuchUpload => new(404, "NoSuchUpload", ex.Message),
        MultipartError.InvalidPart => new(400, "InvalidPart", ex.Message),
        MultipartError.InvalidPartOrder => new(400, "InvalidPartOrder", ex.Message),
        MultipartError.EntityTooSmall => new(400, "EntityTooSmall", ex.Message),
        MultipartError.EntityTooLarge => new(400, "EntityTooLarge", ex.Message),
        MultipartError.PreconditionFailed => new(412, "PreconditionFailed", ex.Message),
        MultipartError.ObjectAlreadyExists => new(409, "ObjectAlreadyExists", ex.Message),
        MultipartError.UploadInProgress => new(409, "ObjectAlreadyExists", ex.Message),
        MultipartError.ConditionalRequestConflict => new(409, "ConditionalRequestConflict", ex.Message),
        MultipartError.InvalidArgument => new(400, "InvalidArgument", ex.Message),
        MultipartError.MalformedRequest => new(400, "MalformedXML", ex.Message),
        MultipartError.TooManyParts => new(400, "InvalidArgument", ex.Message),
        _ => new(500, "InternalError", ex.Message),
    };
}

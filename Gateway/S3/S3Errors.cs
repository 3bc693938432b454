namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's rendering of the error catalogue (S3's status and code), and the errors it raises most.</summary>
public static class S3Errors
{
    public static (int Status, string Code) Describe(WireError error) => error switch
    {
        WireError.NoSuchBucket => (404, "NoSuchBucket"),
        WireError.BucketAlreadyExists => (409, "BucketAlreadyOwnedByYou"),
        WireError.BucketNotEmpty => (409, "BucketNotEmpty"),
        WireError.NoSuchKey => (404, "NoSuchKey"),
        WireError.NoSuchUpload => (404, "NoSuchUpload"),
        WireError.InvalidPart => (400, "InvalidPart"),
        WireError.InvalidPartOrder => (400, "InvalidPartOrder"),
        WireError.EntityTooSmall => (400, "EntityTooSmall"),
        WireError.EntityTooLarge => (400, "EntityTooLarge"),
        WireError.PreconditionFailed => (412, "PreconditionFailed"),
        WireError.ObjectAlreadyExists or WireError.UploadInProgress => (409, "ObjectAlreadyExists"),
        WireError.ConditionalRequestConflict => (409, "ConditionalRequestConflict"),
        WireError.InvalidArgument or WireError.TooManyParts or WireError.InvalidPartNumber or WireError.TooManyMultipartUploads => (400, "InvalidArgument"),
        WireError.MalformedRequest or WireError.MalformedDocument or WireError.NoPartsListed => (400, "MalformedXML"),
        WireError.AccessDenied => (403, "AccessDenied"),
        WireError.SignatureDoesNotMatch => (403, "SignatureDoesNotMatch"),
        WireError.InvalidAccessKey => (403, "InvalidAccessKeyId"),
        WireError.RequestTimeTooSkewed => (403, "RequestTimeTooSkewed"),
        WireError.MalformedAuthorization => (400, "AuthorizationHeaderMalformed"),
        WireError.MalformedQueryAuthorization => (400, "AuthorizationQueryParametersError"),
        WireError.MissingContentLength => (411, "MissingContentLength"),
        WireError.BadDigest => (400, "BadDigest"),
        WireError.InvalidDigest => (400, "InvalidDigest"),
        WireError.ContentSha256Mismatch => (400, "XAmzContentSHA256Mismatch"),
        WireError.InvalidChunkSize => (400, "InvalidChunkSizeError"),
        WireError.MalformedTrailer => (400, "MalformedTrailerError"),
        WireError.IncompleteBody => (400, "IncompleteBody"),
        WireError.RequestTimeout => (400, "RequestTimeout"),
        WireError.DocumentTooLarge => (400, "MaxMessageLengthExceeded"),
        WireError.KeyTooLong => (400, "KeyTooLongError"),
        WireError.InvalidKey => (400, "InvalidURI"),
        WireError.InvalidBucketName => (400, "InvalidBucketName"),
        WireError.InvalidStorageClass => (400, "InvalidStorageClass"),
        WireError.MetadataTooLarge => (400, "MetadataTooLarge"),
        WireError.InvalidRange => (416, "InvalidRange"),
        WireError.InvalidRequest => (400, "InvalidRequest"),
        WireError.NoSuchEncryptionConfiguration => (404, "ServerSideEncryptionConfigurationNotFoundError"),
        WireError.InvalidEncryptionAlgorithm => (400, "InvalidEncryptionAlgorithmError"),
        WireError.MethodNotAllowed => (405, "MethodNotAllowed"),
        WireError.NoSuchCorsConfiguration => (404, "NoSuchCORSConfiguration"),
        WireError.CorsForbidden => (403, "AccessForbidden"),
        WireError.NotImplemented => (501, "NotImplemented"),
        WireError.ServiceUnavailable => (503, "ServiceUnavailable"),
        WireError.InternalError => (500, "InternalError"),
    };

    public static DialectException AccessDenied(string message = "Access Denied") => new(WireError.AccessDenied, message);

    public static DialectException InvalidArgument(string message) => new(WireError.InvalidArgument, message);

    public static DialectException InvalidRequest(string message) => new(WireError.InvalidRequest, message);

    public static DialectException MalformedXml() => new(WireError.MalformedDocument, "The XML you provided was not well-formed or did not validate against our published schema.");

    public static DialectException NotImplemented(string what) => new(WireError.NotImplemented, $"A header or query you provided implies functionality that is not implemented: {what}.");
}

using System.Collections.Frozen;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The error catalogue: one row per <see cref="ErrorCode"/> (status, code and message template as S3 names
/// them), with each dialect's vendor code only where its vendor names the error otherwise
/// (dialects.md, the seeds; where a vendor is silent, the choice README.md documents). The one lookup of
/// the status and code a dialect answers; each dialect only writes the document. A new code without a
/// row here does not compile (the switch is exhaustive).
/// </summary>
internal static class ErrorCatalogue
{
    private static readonly FrozenDictionary<MultipartError, ErrorRow> Rows = Enum.GetValues<MultipartError>().ToFrozenDictionary(code => code, RowOf);

    /// <summary>The row of <paramref name="code"/>; InternalError's for a value this build does not know.</summary>
    public static ErrorRow Row(MultipartError code) => Rows.TryGetValue(code, out var row) ? row : Rows[MultipartError.InternalError];

    /// <summary>The fallback for what a dialect does not serve (an operation, a sub-resource, a header that asks for a feature): 501 in every dialect.</summary>
    public static ErrorRow NotServed => Rows[MultipartError.NotImplemented];

    /// <summary>The status and vendor code <paramref name="dialect"/> answers <paramref name="code"/> with.</summary>
    public static (int Status, string Code) Describe(string dialect, MultipartError code)
    {
        var row = Row(code);
        return row.TryNamedIn(dialect, out var named) ? named
            : row.TryAnsweredAsIn(dialect, out var other) ? Describe(dialect, other)
            : (row.Status, row.Code);
    }

    private static ErrorRow RowOf(MultipartError code) => code switch
    {
        // The domain's errors (thrown by grains and the metadata store).
        MultipartError.NoSuchBucket => new ErrorRow(404, "NoSuchBucket", "The specified bucket does not exist").Cdcs("NoSuchCoffer").QingStor("bucket_not_exists"),
        MultipartError.BucketAlreadyExists => new ErrorRow(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
            .Cdcs("CofferAlreadyExists").Wos("BucketAlreadyExists").Jss("BucketAlreadyExists").QingStor("bucket_already_exists"),
        MultipartError.BucketNotEmpty => new ErrorRow(409, "BucketNotEmpty", "The bucket you tried to delete is not empty").Cdcs("CofferNotEmpty").QingStor("bucket_not_empty"),
        MultipartError.NoSuchKey => new ErrorRow(404, "NoSuchKey", "The specified key does not exist.").Cdcs("ObjectNotExists").QingStor("object_not_exists"),
        MultipartError.NoSuchUpload => new ErrorRow(404, "NoSuchUpload", MultipartException.NoSuchUploadMessage).QingStor("upload_not_exists"),
        MultipartError.InvalidPart => new ErrorRow(400, "InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
            .QingStor("invalid_request"),
        MultipartError.InvalidPartOrder => new ErrorRow(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.").QingStor("invalid_request"),
        MultipartError.EntityTooSmall => new ErrorRow(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.").QingStor("entity_too_small"),
        MultipartError.EntityTooLarge => new ErrorRow(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.").QingStor("entity_too_large"),
        MultipartError.PreconditionFailed => new ErrorRow(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold").QingStor("precondition_failed").As(MultipartError.InvalidArgument, DialectNames.Jss),

        // CDCS's Initiate on a key with an object the caller owns, and on a key being uploaded (dialects.md).
        MultipartError.ObjectAlreadyExists => new ErrorRow(409, "ObjectAlreadyExists", "The object already exists.").Cdcs("ObjectAlreadyExistsOwnedByYou").QingStor("object_already_exists"),
        MultipartError.UploadInProgress => new ErrorRow(409, "ObjectAlreadyExists", "An upload of this object is in progress.").QingStor("object_already_exists"),
        MultipartError.ConditionalRequestConflict => new ErrorRow(409, "ConditionalRequestConflict", "A conflicting conditional operation is currently in progress against this resource. Try again.")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.InvalidArgument => new ErrorRow(400, "InvalidArgument", "Invalid Argument").QingStor("invalid_argument"),

        // A Complete's part list that says nothing to complete; each vendor names it after its document.
        MultipartError.MalformedRequest => new ErrorRow(400, "MalformedXML", "You must specify at least one part").Cdcs("InvalidPart").Wos("InvalidRequest").Jss("MalformedJson").QingStor("invalid_request"),
        MultipartError.TooManyParts => new ErrorRow(400, "InvalidArgument", "Part number must be an integer between {0} and {1}, inclusive").Jss("TooManyParts").As(MultipartError.InvalidArgument, DialectNames.QingStor),
        MultipartError.BadDigest => new ErrorRow(400, "BadDigest", "The Content-MD5 you specified did not match what we received.").QingStor("bad_digest"),
        MultipartError.InvalidRequest => new ErrorRow(400, "InvalidRequest", "Invalid Request").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.MetadataTooLarge => new ErrorRow(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size (2 KB).").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),

        // Authentication. CDCS documents no code for a bad or expired signature: 403 AccessDenied (README).
        MultipartError.AccessDenied => new ErrorRow(403, "AccessDenied", "Access Denied").QingStor("permission_denied"),
        MultipartError.SignatureDoesNotMatch => new ErrorRow(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
            .QingStor("signature_not_matched", 401),
        MultipartError.InvalidAccessKey => new ErrorRow(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
            .Cdcs("AccessDenied").Jss("InvalidAccessKey").QingStor("invalid_access_key_id", 401),
        MultipartError.RequestTimeTooSkewed => new ErrorRow(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.").Cdcs("AccessDenied").QingStor("request_expired"),
        MultipartError.MalformedAuthorization => new ErrorRow(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.")
            .Jss("InvalidToken").QingStor("signature_not_matched", 401).As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos),
        MultipartError.MalformedQueryAuthorization => new ErrorRow(400, "AuthorizationQueryParametersError",
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),

        // Request bodies.
        MultipartError.MissingContentLength => new ErrorRow(411, "MissingContentLength", "You must provide the Content-Length HTTP header.").QingStor("length_required"),
        MultipartError.InvalidDigest => new ErrorRow(400, "InvalidDigest", "The Content-MD5 you specified is not valid.").QingStor("bad_digest").As(MultipartError.InvalidArgument, DialectNames.Cdcs),
        MultipartError.ContentSha256Mismatch => new ErrorRow(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.InvalidChunkSize => new ErrorRow(400, "InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.MalformedTrailer => new ErrorRow(400, "MalformedTrailerError", "The request contained trailing data that was not well-formed.").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.IncompleteBody => new ErrorRow(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.QingStor),
        MultipartError.RequestTimeout => new ErrorRow(400, "RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.")
            .As(MultipartError.InvalidArgument, DialectNames.QingStor, DialectNames.Jss),

        // Request documents (XML or JSON).
        MultipartError.MalformedDocument => new ErrorRow(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
            .Jss("MalformedJson").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.QingStor),
        MultipartError.DocumentTooLarge => new ErrorRow(400, "MaxMessageLengthExceeded", "Your request was too big.").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.NoPartsListed => new ErrorRow(400, "MalformedXML", "You must specify at least one part").Wos("InvalidRequest").Jss("MalformedJson").QingStor("invalid_request").As(MultipartError.InvalidArgument, DialectNames.Cdcs),

        // Request shape. JSS documents no KeyTooLongError or InvalidBucketName: S3's codes.
        MultipartError.KeyTooLong => new ErrorRow(400, "KeyTooLongError", $"Your key is too long; the maximum is {ObjectKey.MaxKeyBytes} bytes.").Cdcs("InvalidObjectKey").QingStor("invalid_object_name"),
        MultipartError.InvalidKey => new ErrorRow(400, "InvalidURI", "Couldn't parse the specified URI.").Cdcs("InvalidObjectKey").QingStor("invalid_object_name").As(MultipartError.InvalidArgument, DialectNames.Jss),
        MultipartError.InvalidPartNumber => new ErrorRow(400, "InvalidArgument", "Part number must be an integer between {0} and {1}, inclusive").As(MultipartError.InvalidArgument, DialectNames.QingStor),
        MultipartError.InvalidBucketName => new ErrorRow(400, "InvalidBucketName", "The specified bucket is not valid.").Cdcs("InvalidCofferName").As(MultipartError.InvalidArgument, DialectNames.QingStor),
        MultipartError.InvalidStorageClass => new ErrorRow(400, "InvalidStorageClass", "The storage class you specified is not valid").QingStor("invalid_request").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos),
        MultipartError.InvalidRange => new ErrorRow(416, "InvalidRange", "The requested range is not satisfiable").QingStor("invalid_range").As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.Jss),
        MultipartError.TooManyMultipartUploads => new ErrorRow(400, "InvalidArgument", "More than {0} uploads match; narrow the prefix.").Jss("TooManyMultipartUploads").As(MultipartError.InvalidArgument, DialectNames.QingStor),

        // CORS: QingStor names no code for a refused preflight (its generic permission error), and answers a bucket
        // without rules with an empty cors_rules, so its NoSuchCorsConfiguration is never reached; CDCS, WOS and JSS serve no CORS.
        MultipartError.NoSuchCorsConfiguration => new ErrorRow(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist").QingStor("cors_not_configured"),
        MultipartError.CorsForbidden => new ErrorRow(403, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.").Cdcs("AccessDenied").QingStor("permission_denied"),

        // Only the s3 dialect serves bucket default encryption and SSE-C; elsewhere these answer as what the vendor does not serve.
        MultipartError.NoSuchEncryptionConfiguration => new ErrorRow(404, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
            .As(MultipartError.MethodNotAllowed, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.InvalidEncryptionAlgorithm => new ErrorRow(400, "InvalidEncryptionAlgorithmError", "The encryption request you specified is not valid. The valid value is AES256.")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.MethodNotAllowed => new ErrorRow(405, "MethodNotAllowed", "The specified method is not allowed against this resource.").QingStor("method_not_allowed"),

        // What a vendor offers but this service does not serve: S3's 501 in every dialect's document (QingStor's snake_case).
        MultipartError.NotImplemented => new ErrorRow(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented: {0}.").QingStor("not_implemented"),
        MultipartError.ServiceUnavailable => new ErrorRow(503, "ServiceUnavailable", "The service is busy or a node is restarting; please retry.").QingStor("service_unavailable"),
        MultipartError.InternalError => new ErrorRow(500, "InternalError", "We encountered an internal error. Please try again.").QingStor("internal_server_error"),

        // Accounts and access control.
        MultipartError.BucketOwnedByAnother => new ErrorRow(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.")
            .Cdcs("CofferAlreadyExists").QingStor("bucket_already_exists"),
        MultipartError.ObjectOwnedByAnother => new ErrorRow(409, "ObjectAlreadyExists", "The object already exists.").QingStor("object_already_exists"),
        MultipartError.MalformedPolicy => new ErrorRow(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{{'").Jss("MalformedPolicy").QingStor("invalid_request")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs),
        MultipartError.MalformedAcl => new ErrorRow(400, "MalformedACLError", "The XML you provided was not well-formed or did not validate against our published schema.").QingStor("invalid_request")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs),
        MultipartError.NoSuchBucketPolicy => new ErrorRow(404, "NoSuchBucketPolicy", "The bucket policy does not exist").QingStor("bucket_policy_not_exists")
            .As(MultipartError.MethodNotAllowed, DialectNames.Cdcs),

        // Tagging: served by the s3 dialect only; elsewhere a refused tag is an invalid argument, and there is no tag set to miss.
        MultipartError.InvalidTag => new ErrorRow(400, "InvalidTag", "The tag provided was not a valid tag.")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        MultipartError.NoSuchTagSet => new ErrorRow(404, "NoSuchTagSet", "The TagSet does not exist")
            .As(MultipartError.MethodNotAllowed, DialectNames.Cdcs, DialectNames.Wos, DialectNames.QingStor, DialectNames.Jss),
        // ceph/s3-tests ACL and policy conformance (s3acl): S3's answer to a grant by e-mail it cannot resolve.
        MultipartError.UnresolvableGrantByEmailAddress => new ErrorRow(400, "UnresolvableGrantByEmailAddress", "The e-mail address you provided does not match any account on record.")
            .QingStor("invalid_request").As(MultipartError.InvalidArgument, DialectNames.Cdcs),
        // Versioning: served by the s3 dialect; elsewhere a version named is a key not found, a refused state a bad argument.
        MultipartError.NoSuchVersion => new ErrorRow(404, "NoSuchVersion", "The specified version does not exist.").QingStor("object_not_exists")
            .As(MultipartError.NoSuchKey, DialectNames.Cdcs, DialectNames.Wos, DialectNames.Jss),
        MultipartError.InvalidBucketState => new ErrorRow(409, "InvalidBucketState", "The request is not valid with the current state of the bucket.").QingStor("invalid_request")
            .As(MultipartError.InvalidArgument, DialectNames.Cdcs, DialectNames.Wos, DialectNames.Jss),
        // Lifecycle.
        MultipartError.NoSuchLifecycleConfiguration => new ErrorRow(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist").QingStor("lifecycle_not_exists")
            .As(MultipartError.MethodNotAllowed, DialectNames.Cdcs),
    };
}

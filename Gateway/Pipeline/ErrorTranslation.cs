using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The one translation of a failure into the error catalogue; null for an exception nothing expected (an internal error).</summary>
public static class ErrorTranslation
{
    public static DialectException? Translate(Exception ex) => ex switch
    {
        DialectException d => d,
        MultipartException mp => DialectException.From(mp),
        BadDigestException bad => new DialectException(WireError.BadDigest, bad.Message),
        MalformedUriException uri => new DialectException(WireError.InvalidKey, uri.Message),
        BodyIdleTimeoutException => new DialectException(WireError.RequestTimeout, "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."),
        CustomerKeyRequiredException => new DialectException(WireError.InvalidRequest, "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object."),
        CustomerKeyMismatchException => new DialectException(WireError.AccessDenied, "Access Denied: the customer-provided encryption key does not match the key the object was stored with."),
        BlobTooLargeException => new DialectException(WireError.EntityTooLarge, "Your proposed upload exceeds the maximum allowed size."),
        // Before the body's own failures: the cluster failing while a body streams in is not the client's short body.
        _ when TransientFaults.IsTransient(ex) => MultipartError.ServiceUnavailable.Error(),
        IncompleteBodyException or BadHttpRequestException or IOException =>
            new DialectException(WireError.IncompleteBody, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        _ => null,
    };

    public static DialectException Internal() => MultipartError.InternalError.Error();
}

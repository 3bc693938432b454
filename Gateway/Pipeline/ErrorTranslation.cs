using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The one translation of a failure into the error catalogue; null for an exception nothing expected (an internal error).</summary>
internal static class ErrorTranslation
{
    public static DialectException? Translate(Exception ex) => ex switch
    {
        DialectException d => d,
        MultipartException mp => DialectException.From(mp),
        BadDigestException bad => new DialectException(MultipartError.BadDigest, bad.Message),
        MalformedUriException => MultipartError.InvalidKey.Error(),
        BodyIdleTimeoutException => MultipartError.RequestTimeout.Error(),
        CustomerKeyRequiredException => Errors.CustomerKeyRequired(),
        CustomerKeyMismatchException => Errors.CustomerKeyMismatch(),
        BlobTooLargeException => MultipartError.EntityTooLarge.Error(),
        // Before the body's own failures: the cluster failing while a body streams in is not the client's short body.
        _ when TransientFaults.IsTransient(ex) => MultipartError.ServiceUnavailable.Error(),
        IncompleteBodyException or BadHttpRequestException or IOException =>
            MultipartError.IncompleteBody.Error(),
        _ => null,
    };

    public static DialectException Internal() => MultipartError.InternalError.Error();
}

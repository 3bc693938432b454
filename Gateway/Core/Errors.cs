namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Raising a catalogue error: <c>throw MultipartError.NoSuchBucket.Error()</c> (the row's message), or
/// <c>.With(specifics)</c> for a row whose template takes them; and the messages several throw sites
/// share beyond their row's, each written once here.
/// </summary>
internal static class Errors
{
    /// <summary>The error with its catalogue message.</summary>
    public static DialectException Error(this MultipartError code) => new(code);

    /// <summary>The error with its catalogue message template filled in with <paramref name="specifics"/>.</summary>
    public static DialectException With(this MultipartError code, params object?[] specifics) => new(code, ErrorCatalogue.Row(code).Format(specifics));

    /// <summary>The catalogue's fallback: what this dialect does not serve (an operation, a sub-resource, a header asking for a feature), named.</summary>
    public static DialectException NotServed(string what) => MultipartError.NotImplemented.With(what);

    /// <summary>A signed request without its signature, in a dialect that admits no anonymous caller there.</summary>
    public static DialectException NoAuthorization() => new(MultipartError.AccessDenied, "Access Denied: the request carries no Authorization.");

    /// <summary>A vendor's Authorization header not of the vendor's <paramref name="form"/>.</summary>
    public static DialectException AuthorizationForm(string form) => new(MultipartError.MalformedAuthorization, $"The Authorization header must be '{form}'.");

    /// <summary>A signed request without the date header(s) its signature covers.</summary>
    public static DialectException DateRequired(string headers) => new(MultipartError.AccessDenied, $"A valid {headers} header is required.");

    /// <summary>An access key (the vendor's <paramref name="name"/> for it) no credential has.</summary>
    public static DialectException UnknownAccessKey(string name) => new(MultipartError.InvalidAccessKey, $"The {name} you provided does not exist.");

    /// <summary>A vendor signature (<paramref name="signed"/>: request, chunk, trailer) that is not the one computed.</summary>
    public static DialectException SignatureMismatch(string signed) =>
        new(MultipartError.SignatureDoesNotMatch, $"The {signed} signature we calculated does not match the signature you provided.");

    /// <summary>A flexible checksum (<paramref name="algorithm"/> as the client named it) that is not the one computed: the message grains give it.</summary>
    public static DialectException ChecksumMismatch(string algorithm) => DialectException.From(MultipartException.ChecksumMismatch(algorithm));

    /// <summary>SigV4's Authorization header, malformed in the way <paramref name="detail"/> says.</summary>
    public static DialectException MalformedAuthorization(string detail) => new(MultipartError.MalformedAuthorization, $"The authorization header is malformed; {detail}");

    /// <summary>An object stored with a customer-provided key (SSE-C), read without one.</summary>
    public static DialectException CustomerKeyRequired() =>
        new(MultipartError.InvalidRequest, "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");

    /// <summary>An object stored with a customer-provided key, read with another.</summary>
    public static DialectException CustomerKeyMismatch() =>
        new(MultipartError.AccessDenied, "Access Denied: the customer-provided encryption key does not match the key the object was stored with.");
}

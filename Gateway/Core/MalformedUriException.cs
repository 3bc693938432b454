namespace Orleans.Multipart.Gateway.Core;

/// <summary>The request path's percent-escapes do not decode as UTF-8 (so it names no key: decoding it leniently would alias keys).</summary>
internal sealed class MalformedUriException() : Exception("Couldn't parse the specified URI.");

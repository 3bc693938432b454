using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The base of the request-body wrappers (checksumming, idle timeout, aws-chunked decoding, read
/// watching): a <see cref="ReadOnlyForwardStream"/> of unknown length, so a wrapper writes only its
/// <see cref="ReadOnlyForwardStream.ReadAsync(Memory{byte}, CancellationToken)"/>.
/// </summary>
internal abstract class ReadOnlyBodyStream : ReadOnlyForwardStream;

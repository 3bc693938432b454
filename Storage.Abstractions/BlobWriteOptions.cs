using System.Security.Cryptography;

namespace Orleans.Multipart.Storage;

/// <param name="MaxLength">More bytes than this fail the write with <see cref="BlobTooLargeException"/>.</param>
/// <param name="ExpectedLength">When known, fewer bytes fail the write with <see cref="IncompleteBodyException"/>.</param>
/// <param name="ExtraHashes">Also fed every byte (SHA-256 of a signed payload, a checksum).</param>
/// <param name="Encrypt">Store the bytes encrypted at rest with the service's key (hashes are of the plaintext); reads decrypt transparently.</param>
/// <param name="CustomerKey">Store the bytes encrypted with this caller-supplied key instead (SSE-C); reads need the same key. Not with <paramref name="Encrypt"/>.</param>
public sealed record BlobWriteOptions(long MaxLength, long? ExpectedLength = null, IReadOnlyList<IncrementalHash>? ExtraHashes = null, bool Encrypt = false, CustomerKey? CustomerKey = null);

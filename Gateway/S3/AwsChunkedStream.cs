using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>size[;chunk-signature=sig]\r\n data \r\n ... 0...\r\n
/// [trailers]\r\n</c>) into the object's bytes. With a signing context every chunk's signature is
/// checked against the chain seeded by the request signature, before the next chunk is handed out;
/// a trailing checksum (<c>x-amz-checksum-*</c>) is checked against the decoded bytes at the end.
/// Any failure throws <see cref="DialectException"/>, and the caller discards what it wrote.
/// </summary>
internal sealed class AwsChunkedStream : ReadOnlyBodyStream
{
    private const int MaxLine = 4096;
    private readonly Stream _inner;
    private readonly SigV4Context? _signing;
    private readonly bool _signedTrailer;
    private readonly BodyChecksum? _trailerChecksum;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _chunkRemaining;
    private bool _finished;
    private string _previousSignature;
    private string? _chunkSignature;
    private IncrementalHash? _chunkHash;

    /// <param name="signing">The verified request; null for an unsigned stream.</param>
    /// <param name="trailerChecksum">The checksum named by <c>x-amz-trailer</c>, or null.</param>
    public AwsChunkedStream(Stream inner, SigV4Context? signing, bool signedTrailer, BodyChecksum? trailerChecksum)
    {
        _inner = inner;
        _signing = signing;
        _signedTrailer = signedTrailer;
        _trailerChecksum = trailerChecksum;
        _previousSignature = signing?.Signature ?? "";
    }

    /// <summary>The trailing checksum value received (base64), once the stream is read to its end.</summary>
    public string? TrailerChecksumValue { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_finished || destination.Length == 0)
        {
            return 0;
        }

        while (_chunkRemaining == 0)
        {
            if (!await StartChunkAsync(cancellationToken))
            {
                return 0;
            }
        }

        if (_start == _end && !await FillAsync(cancellationToken))
        {
            throw Incomplete();
        }

        var take = (int)Math.Min(Math.Min(destination.Length, _end - _start), _chunkRemaining);
        var data = _buffer.AsSpan(_start, take);
        data.CopyTo(destination.Span);
        _chunkHash?.AppendData(data);
        _trailerChecksum?.Append(data);
        _start += take;
        _chunkRemaining -= take;
        if (_chunkRemaining == 0)
        {
            await ExpectCrlfAsync(cancellationToken);
            VerifyChunk();
        }

        return take;
    }

    /// <summary>Reads a chunk header; returns false after the final chunk (and its trailers) have been consumed.</summary>
    private async Task<bool> StartChunkAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken);
        var semicolon = header.IndexOf(';');
        var sizeText = semicolon < 0 ? header : header[..semicolon];
        if (!long.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            throw new DialectException(MultipartError.InvalidChunkSize, "Only the last chunk is allowed to have a size less than 8192 bytes; the chunk header could not be parsed.");
        }

        _chunkSignature = null;
        if (semicolon >= 0)
        {
            var extension = header[(semicolon + 1)..];
            const string prefix = "chunk-signature=";
            if (extension.StartsWith(prefix, StringComparison.Ordinal))
            {
                _chunkSignature = extension[prefix.Length..];
            }
        }

        if (_signing is not null && _chunkSignature is null)
        {
            throw new DialectException(MultipartError.SignatureDoesNotMatch, "A chunk of the aws-chunked body carries no chunk-signature.");
        }

        if (_signing is not null)
        {
            _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        if (size > 0)
        {
            _chunkRemaining = size;
            return true;
        }

        VerifyChunk();
        await ReadTrailersAsync(cancellationToken);
        _finished = true;
        return false;
    }

    private void VerifyChunk()
    {
        if (_signing is null || _chunkHash is null)
        {
            return;
        }

        var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{_signing.AmzDate}\n{_signing.Scope}\n{_previousSignature}\n{SigV4Verifier.EmptySha256}\n{Convert.ToHexStringLower(_chunkHash.GetHashAndReset())}";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(_signing.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(_chunkSignature ?? "")))
        {
            throw Errors.SignatureMismatch("chunk");
        }

        _previousSignature = expected;
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        var canonicalTrailers = new StringBuilder();
        string? trailerSignature = null;
        while (true)
        {
            string line;
            try
            {
                line = await ReadLineAsync(cancellationToken);
            }
            catch (DialectException) when (_start == _end)
            {
                // Some clients end the body right after the final chunk without the closing CRLF.
                break;
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw MultipartError.MalformedTrailer.Error();
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            canonicalTrailers.Append(name).Append(':').Append(value).Append('\n');
            if (_trailerChecksum is not null && name == _trailerChecksum.HeaderName)
            {
                TrailerChecksumValue = value;
            }
        }

        if (_signedTrailer && _signing is not null)
        {
            var stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{_signing.AmzDate}\n{_signing.Scope}\n{_previousSignature}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalTrailers.ToString())))}";
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(_signing.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
            if (trailerSignature is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(trailerSignature)))
            {
                throw Errors.SignatureMismatch("trailer");
            }
        }

        if (_trailerChecksum is not null)
        {
            if (TrailerChecksumValue is null)
            {
                throw new DialectException(MultipartError.MalformedTrailer, $"The trailer {_trailerChecksum.HeaderName} announced in x-amz-trailer was not sent.");
            }

            if (TrailerChecksumValue != _trailerChecksum.ToBase64())
            {
                throw Errors.ChecksumMismatch(_trailerChecksum.HeaderName["x-amz-checksum-".Length..].ToUpperInvariant());
            }
        }
    }

    private async Task ExpectCrlfAsync(CancellationToken cancellationToken)
    {
        if (await ReadLineAsync(cancellationToken) is { Length: > 0 })
        {
            throw new DialectException(MultipartError.IncompleteBody, "A chunk of the aws-chunked body is longer than its declared size.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw Incomplete();
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                sb.Append(Encoding.ASCII.GetString(span[..lf]));
                _start += lf + 1;
                if (sb.Length > 0 && sb[^1] == '\r')
                {
                    sb.Length--;
                }

                return sb.ToString();
            }

            sb.Append(Encoding.ASCII.GetString(span));
            _start = _end;
            if (sb.Length > MaxLine)
            {
                throw new DialectException(MultipartError.IncompleteBody, "An aws-chunked header line is too long.");
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _inner.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private static DialectException Incomplete() => MultipartError.IncompleteBody.Error();
}

using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// Blobs as files named by random IDs (<c>ab/abcdef...</c>), never by user keys, so no key can escape
/// the directory. A write streams through one pooled buffer, hashing on the way, and is fsynced along
/// with its directory entry before it is reported durable.
/// </summary>
public sealed partial class LocalBlobStore : IBlobStore
{
    private readonly BlobStoreOptions _options;
    private readonly string _root;

    public LocalBlobStore(IOptions<BlobStoreOptions> options)
    {
        _options = options.Value;
        _root = System.IO.Path.GetFullPath(_options.Path);
        var keyPath = _options.EncryptionKeyPath ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_root.TrimEnd('/'))!, "blob-encryption.key");
        _key = new Lazy<byte[]>(() => LoadOrCreateKey(keyPath));
        for (var i = 0; i < 256; i++)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(_root, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public async Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        if (options.Encrypt && options.CustomerKey is not null)
        {
            throw new ArgumentException("A blob is encrypted with the service's key or a customer key, not both.", nameof(options));
        }

        var customer = options.CustomerKey;
        var suffix = customer is not null ? CustomerKeySuffix : options.Encrypt ? EncryptedSuffix : "";
        var blobId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + suffix;
        var path = PathOf(blobId);
        var nonce = RandomNumberGenerator.GetBytes(DecryptingStream.NonceLength);
        using var ctr = customer is not null ? NewCustomerCtr(customer, nonce) : options.Encrypt ? new AesCtr(EncryptionKey, nonce) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(_options.BufferSize);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long length = 0;
        try
        {
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                PreallocationSize = options.ExpectedLength ?? 0,
            }))
            {
                if (ctr is not null)
                {
                    await file.WriteAsync(ctr.Nonce, cancellationToken);
                }

                if (customer is not null)
                {
                    await file.WriteAsync(KeyCheck(customer, nonce), cancellationToken);
                }

                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, _options.BufferSize), cancellationToken)) > 0)
                {
                    length += read;
                    if (length > options.MaxLength)
                    {
                        throw new BlobTooLargeException(options.MaxLength);
                    }

                    md5.AppendData(buffer, 0, read);
                    if (options.ExtraHashes is { } extra)
                    {
                        foreach (var hash in extra)
                        {
                            hash.AppendData(buffer, 0, read);
                        }
                    }

                    ctr?.Transform(buffer.AsSpan(0, read), length - read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (options.ExpectedLength is { } expected && length != expected)
                {
                    throw new IncompleteBodyException(expected, length);
                }

                if (_options.Fsync)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            if (_options.Fsync)
            {
                FsyncDirectory(System.IO.Path.GetDirectoryName(path)!);
            }

            return new BlobWriteResult(blobId, length, md5.GetHashAndReset());
        }
        catch
        {
            DeleteFile(blobId);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Completes synchronously: the file opened and positioned at <paramref name="offset"/> (the length is the
    /// caller's to keep to), after asking the kernel to read the range ahead (<c>posix_fadvise(WILLNEED)</c>
    /// starts reading now, in the background), so a GET that opens the next part while the current one
    /// streams finds it in the page cache at the part boundary.
    /// </summary>
    public ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        var stream = OpenRead(blobId, customerKey);
        try
        {
            var (file, headerLength) = stream is DecryptingStream decrypting ? (decrypting.File, decrypting.HeaderLength) : ((FileStream)stream, 0);
            ReadAhead(file.SafeFileHandle, headerLength + offset, length);
            stream.Seek(offset, SeekOrigin.Begin);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return ValueTask.FromResult(stream);
    }

    /// <summary>Opens a blob for reading (seekable, at its first byte).</summary>
    public Stream OpenRead(string blobId, CustomerKey? customerKey = null)
    {
        var customerKeyed = HasSuffix(blobId, CustomerKeySuffix);
        if (customerKeyed && customerKey is null)
        {
            throw new CustomerKeyRequiredException(blobId);
        }

        if (!customerKeyed && customerKey is not null)
        {
            throw new ArgumentException($"Blob {blobId} is not encrypted with a customer key.", nameof(customerKey));
        }

        var file = new FileStream(PathOf(blobId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            if (customerKey is not null)
            {
                var header = new byte[CustomerHeaderLength];
                file.ReadExactly(header);
                var nonce = header[..DecryptingStream.NonceLength];
                if (!CryptographicOperations.FixedTimeEquals(header.AsSpan(DecryptingStream.NonceLength), KeyCheck(customerKey, nonce)))
                {
                    throw new CustomerKeyMismatchException(blobId);
                }

                return new DecryptingStream(file, NewCustomerCtr(customerKey, nonce), CustomerHeaderLength);
            }

            if (HasSuffix(blobId, EncryptedSuffix))
            {
                var nonce = new byte[DecryptingStream.NonceLength];
                file.ReadExactly(nonce);
                return new DecryptingStream(file, new AesCtr(EncryptionKey, nonce), DecryptingStream.NonceLength);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A hint only: where the call is not available or fails, the read is just not started early.</summary>
    private static void ReadAhead(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = PosixFadvise((int)handle.DangerousGetHandle(), offset, length, PosixFadviseWillNeed);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private const int PosixFadviseWillNeed = 3;

    /// <summary>Blobs encrypted with the service's key are named by 32 hex digits and this suffix (not a hex digit, so no plain ID carries it).</summary>
    internal const string EncryptedSuffix = "z";

    /// <summary>Blobs encrypted with a customer key (SSE-C) carry this suffix: a read without the key fails before a byte is served.</summary>
    internal const string CustomerKeySuffix = "k";

    /// <summary>A customer-keyed blob starts with its nonce and a 16-byte key check, so a wrong key is refused rather than read as noise.</summary>
    private const int CustomerHeaderLength = DecryptingStream.NonceLength + 16;

    internal static bool HasSuffix(string blobId, string suffix) => blobId.Length == 33 && blobId.EndsWith(suffix, StringComparison.Ordinal);

    private static bool IsSuffixed(string blobId) => HasSuffix(blobId, EncryptedSuffix) || HasSuffix(blobId, CustomerKeySuffix);

    /// <summary>The cipher for a customer key: a key copy lives only inside the AES instance, the scratch copy is wiped.</summary>
    internal static AesCtr NewCustomerCtr(CustomerKey key, byte[] nonce)
    {
        var bytes = key.Bytes.ToArray();
        try
        {
            return new AesCtr(bytes, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Proves a key is the one a blob was written with, without revealing it: HMAC-SHA256 keyed by the
    /// customer key over a fixed label and the blob's nonce (an MD5 of the key, which S3 hands out, would not do).
    /// </summary>
    internal static byte[] KeyCheck(CustomerKey key, byte[] nonce)
    {
        Span<byte> message = stackalloc byte[KeyCheckLabel.Length + DecryptingStream.NonceLength];
        KeyCheckLabel.CopyTo(message);
        nonce.CopyTo(message[KeyCheckLabel.Length..]);
        return HMACSHA256.HashData(key.Bytes, message)[..16];
    }

    private static ReadOnlySpan<byte> KeyCheckLabel => "omp.sse-c.key-check"u8;

    private byte[] EncryptionKey => _key.Value;

    private readonly Lazy<byte[]> _key;

    /// <summary>
    /// Reads the key, or creates it when absent. Silos sharing one volume may race to create it: the file is
    /// created with O_EXCL (<see cref="FileMode.CreateNew"/>), which exactly one creator wins on any local or
    /// network filesystem, and the losers read the winner's key. (A move without overwrite is not enough: on
    /// filesystems without hard links .NET checks and renames, and two creators both won — seen in the race test.)
    /// </summary>
    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            return ReadKey(path);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, create);
            stream.Write(key);
            stream.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return ReadKey(path);
        }
    }

    /// <summary>The key file's 32 bytes; a shorter file is a creator still writing it, waited for briefly (it writes them in one call).</summary>
    private static byte[] ReadKey(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length == 32)
            {
                return existing;
            }

            if (existing.Length > 32 || attempt == 200)
            {
                throw new InvalidOperationException($"{path} must hold a 32-byte AES key.");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Deletes the files several at once: an unlink is a blocking system call, and measured on ext4 on the loaded 2-core
    /// machine one after another did 430-1,700 a second where <see cref="DeleteParallelism"/> at once did 2,700-7,500.
    /// </summary>
    public async ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken)
    {
        if (blobIds.Count == 1)
        {
            DeleteFile(blobIds.First());
            return;
        }

        await Parallel.ForEachAsync(
            blobIds,
            new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
            (blobId, _) =>
            {
                DeleteFile(blobId);
                return ValueTask.CompletedTask;
            });
    }

    /// <summary>Unlinks in flight per <see cref="DeleteAsync"/> call.</summary>
    private const int DeleteParallelism = 8;

    private void DeleteFile(string blobId)
    {
        try
        {
            File.Delete(PathOf(blobId));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

#pragma warning disable CS1998 // an async iterator over a synchronous directory walk: the sweep's awaits stay the same for every store
    public async IAsyncEnumerable<(string BlobId, DateTimeOffset LastWrite)> EnumerateAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        foreach (var item in Enumerate())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    /// <summary>Every blob file with its last write time.</summary>
    public IEnumerable<(string BlobId, DateTimeOffset LastWrite)> Enumerate()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                yield return (file.Name, file.LastWriteTimeUtc);
            }
        }
    }

    private string PathOf(string blobId)
    {
        var hex = IsSuffixed(blobId) ? blobId[..32] : blobId;
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a blob ID.", nameof(blobId));
        }

        return System.IO.Path.Combine(_root, blobId[..2], blobId);
    }

    /// <summary>A new file's directory entry is durable only once its directory is fsynced.</summary>
    private static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}

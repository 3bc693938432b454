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
        var blobId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + (options.Encrypt ? EncryptedSuffix : "");
        var path = PathOf(blobId);
        using var ctr = options.Encrypt ? new AesCtr(EncryptionKey, RandomNumberGenerator.GetBytes(DecryptingStream.HeaderLength)) : null;
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
            Delete(blobId);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream OpenRead(string blobId)
    {
        var file = new FileStream(PathOf(blobId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return IsEncrypted(blobId) ? new DecryptingStream(file, EncryptionKey) : file;
    }

    /// <summary>Encrypted blobs are named by 32 hex digits and this suffix (not a hex digit, so no plain ID carries it).</summary>
    private const string EncryptedSuffix = "z";

    private static bool IsEncrypted(string blobId) => blobId.Length == 33 && blobId.EndsWith(EncryptedSuffix, StringComparison.Ordinal);

    private byte[] EncryptionKey => _key.Value;

    private readonly Lazy<byte[]> _key;

    /// <summary>
    /// Reads the key, or creates it when absent. Silos sharing one volume may race to create it: the key is
    /// written to a temporary file and moved into place without overwrite, so every process ends up with
    /// the one that won, and nobody reads a half-written key.
    /// </summary>
    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            return ReadKey(path);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, create))
        {
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return ReadKey(path);
        }
    }

    private static byte[] ReadKey(string path)
    {
        var existing = File.ReadAllBytes(path);
        return existing.Length == 32 ? existing : throw new InvalidOperationException($"{path} must hold a 32-byte AES key.");
    }

    public void Delete(string blobId)
    {
        try
        {
            File.Delete(PathOf(blobId));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

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
        var hex = IsEncrypted(blobId) ? blobId[..32] : blobId;
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

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}

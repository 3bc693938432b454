using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Silo.Storage.Blobs;

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
        for (var i = 0; i < 256; i++)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(_root, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public async Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        var blobId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(blobId);
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

    public Stream OpenRead(string blobId) =>
        new FileStream(PathOf(blobId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

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
        if (blobId.Length != 32 || !blobId.All(char.IsAsciiHexDigitLower))
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

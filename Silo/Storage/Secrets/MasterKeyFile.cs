using System.Security.Cryptography;

namespace Orleans.Multipart.Silo.Storage.Secrets;

/// <summary>Reads, decodes and (for a single-node service) creates the master key.</summary>
internal static class MasterKeyFile
{
    public const int KeyLength = 32;

    /// <summary>The key the options name: <c>Auth:MasterKey</c>, else the key file, created when it is the single-node default and absent.</summary>
    public static byte[] Load(MasterKeyOptions options, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return Decode(options.MasterKey) ?? throw new InvalidOperationException("Auth:MasterKey must be the base64 of 32 random bytes.");
        }

        var path = options.MasterKeyPath is { Length: > 0 } given ? given : MasterKeyOptions.DefaultPath(storage.DataPath);
        if (File.Exists(path) || storage.IsPostgres)
        {
            return TryRead(path) ?? throw new InvalidOperationException($"Auth:MasterKeyPath {path} must hold 32 bytes, raw or as base64.");
        }

        return Create(path);
    }

    /// <summary>32 bytes from base64 text; null for anything else.</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == KeyLength ? bytes[..KeyLength] : null;
    }

    /// <summary>The file's key: exactly 32 raw bytes, or base64 text of 32 bytes (a Secret made with <c>--from-literal</c>); null otherwise.</summary>
    public static byte[]? TryRead(string path)
    {
        var content = File.ReadAllBytes(path);
        if (content.Length == KeyLength)
        {
            return content;
        }

        return content.Length < 128 && content.All(b => b < 0x80) ? Decode(System.Text.Encoding.ASCII.GetString(content)) : null;
    }

    /// <summary>
    /// Writes a new random key, readable by the owner only. Written whole to a file of its own, then linked in
    /// under the key's name (a move that refuses an existing target): of two starts racing, one key wins and
    /// neither ever reads a key file half written.
    /// </summary>
    private static byte[] Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(KeyLength);
        var temporary = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp";
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
            // Another start linked its key first: that one is the key.
            File.Delete(temporary);
            return TryRead(path) ?? throw new InvalidOperationException($"{path} must hold 32 bytes.");
        }
    }
}

namespace Orleans.Multipart.Silo.Storage.Secrets;

/// <summary>
/// The master key that seals access keys' secrets at rest (configuration section <c>Auth</c>; a
/// Kubernetes Secret maps to <c>Auth__MasterKey</c> or a file mounted at <c>Auth__MasterKeyPath</c>).
/// Only silos read it: standalone gateways ask the silos for keys.
/// </summary>
public sealed class MasterKeyOptions
{
    public const string Section = "Auth";

    /// <summary>Base64 of the 32-byte AES-256 master key (<c>openssl rand -base64 32</c>). Default: none; then <see cref="MasterKeyPath"/>.</summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// A file holding the master key: 32 raw bytes, or their base64 on one line. Default:
    /// <c>{Storage:DataPath}/auth-master.key</c>, created (mode 600) on the first start of a single-node
    /// SQLite service. With PostgreSQL every silo must hold the same key, so <see cref="MasterKey"/> or
    /// this path (to an existing file, such as a mounted Secret) must be given. Keep it with the database's
    /// backups: without it no stored key verifies a signature.
    /// </summary>
    public string? MasterKeyPath { get; set; }

    /// <summary>The default key file of a single-node service.</summary>
    public static string DefaultPath(string dataPath) => Path.Combine(dataPath, "auth-master.key");
}

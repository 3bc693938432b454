namespace Orleans.Multipart.Hosting;

/// <summary>
/// Where metadata and blobs live (configuration section <c>Storage</c>), read alike by silos and standalone
/// gateways (which cluster they join, where they write part bytes); PostgreSQL's connection string is
/// <c>ConnectionStrings:Postgres</c>.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (embedded, single node) or <c>Postgres</c> (production, clusters). Default: Sqlite.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Data directory: the SQLite file and, unless <c>Storage:BlobPath</c> says otherwise, the blobs. Default: <c>./data</c>.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Blob directory; default <c>{DataPath}/blobs</c>. On Kubernetes, a ReadWriteMany volume shared by the silos.</summary>
    public string? BlobPath { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>The local blob directory: <see cref="BlobPath"/>, or <c>blobs</c> under <see cref="DataPath"/>.</summary>
    public string LocalBlobPath => BlobPath ?? Path.Combine(DataPath, "blobs");
}

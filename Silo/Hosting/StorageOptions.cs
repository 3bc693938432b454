namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Where metadata and blobs live (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (embedded, single node) or <c>Postgres</c> (production, clusters). Default: Sqlite.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Data directory: the SQLite file and, unless <c>Storage:BlobPath</c> says otherwise, the blobs. Default: <c>./data</c>.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Blob directory; default <c>{DataPath}/blobs</c>. On Kubernetes, a ReadWriteMany volume shared by the silos.</summary>
    public string? BlobPath { get; set; }
}

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// One S3 server of the side-by-side figures: its client, the key prefix of its results ("" for the
/// service on PostgreSQL, "sqlite_", "rgw_"), the process whose CPU is its own (the service; radosgw)
/// and the storage process behind it, whose CPU is reported apart (RGW's OSD; none for the service,
/// whose PostgreSQL is shared with the other figures).
/// </summary>
public sealed record ServerUnderTest(string Prefix, SigV4Client Client, int ServerPid, int? StoragePid);

namespace Orleans.Multipart.Grains;

/// <summary>Names the silo registers its providers under.</summary>
public static class MultipartStorage
{
    /// <summary>The grain storage provider (Orleans ADO.NET storage on the metadata database).</summary>
    public const string GrainStorageName = "multipart";
}

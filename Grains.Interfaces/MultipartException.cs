namespace Orleans.Multipart;

/// <summary>A rule was broken; nothing was changed. Serializable so that its code survives a hop between silos.</summary>
[GenerateSerializer]
[Alias("omp.MultipartException")]
public sealed class MultipartException(MultipartError error, string message) : Exception(message)
{
    [Id(0)]
    public MultipartError Error { get; private set; } = error;
}

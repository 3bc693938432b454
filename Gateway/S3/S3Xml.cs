namespace Orleans.Multipart.Gateway.S3;

/// <summary>S3's XML namespace.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
}

using System.Text;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>ListObjectsV2's and ListBuckets' continuation token: the last key (or bucket) answered, base64.</summary>
internal static class S3ContinuationToken
{
    public static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    public static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect");
        }
    }
}

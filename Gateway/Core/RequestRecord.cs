using System.Security.Cryptography;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// What the request log line says about one request. The gateway's DialectRouter opens it and writes
/// the line; the pipeline fills in what the dialect established (operation, bucket, error code) and returns
/// <see cref="RequestId"/> in its request-id header, so the id a client reports is the one in the log.
/// </summary>
internal sealed class RequestRecord
{
    public string RequestId { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public string Dialect { get; set; } = "-";

    public string? Operation { get; set; }

    /// <summary>The IAM action the parsed operation needs (its catalogue row's, e.g. <c>s3:PutObject</c>): what access control authorizes.</summary>
    public string? Action { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The dialect's wire error code, when the request failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The catalogue's code of that error.</summary>
    public MultipartError? Error { get; set; }

    /// <summary>The request's record (one is attached if the router did not open it, e.g. a dialect called directly).</summary>
    public static RequestRecord Of(HttpContext context)
    {
        if (context.Features.Get<RequestRecord>() is { } record)
        {
            return record;
        }

        record = new RequestRecord();
        context.Features.Set(record);
        return record;
    }
}

using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Jss;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Gateway.S3;
using Orleans.Multipart.Gateway.Wos;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Every catalogue code has a rendering in every dialect; only InternalError, ServiceUnavailable and NotImplemented (501 in every dialect) are 5xx.</summary>
public sealed class ErrorCatalogueTests
{
    private static readonly Dictionary<string, Func<WireError, (int Status, string Code)>> Dialects = new()
    {
        ["s3"] = S3Errors.Describe,
        ["cdcs"] = CdcsDialect.DescribeError,
        ["wos"] = WosDialect.DescribeError,
        ["qingstor"] = QingStorDialect.DescribeError,
        ["jss"] = JssDialect.DescribeError,
    };

    public static TheoryData<string, WireError> EveryCodeInEveryDialect()
    {
        var data = new TheoryData<string, WireError>();
        foreach (var dialect in Dialects.Keys)
        {
            foreach (var error in Enum.GetValues<WireError>())
            {
                data.Add(dialect, error);
            }
        }

        return data;
    }

    public static TheoryData<string, MultipartError> EveryDomainCodeInEveryDialect()
    {
        var data = new TheoryData<string, MultipartError>();
        foreach (var dialect in Dialects.Keys)
        {
            foreach (var error in Enum.GetValues<MultipartError>())
            {
                data.Add(dialect, error);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCodeInEveryDialect))]
    public void EveryCodeHasAClientErrorRendering(string dialect, WireError error)
    {
        var (status, code) = Dialects[dialect](error);
        Assert.False(string.IsNullOrWhiteSpace(code));
        if (error is WireError.InternalError)
        {
            Assert.Equal(500, status);
        }
        else if (error is WireError.ServiceUnavailable)
        {
            Assert.Equal(503, status);
        }
        else if (error is WireError.NotImplemented)
        {
            Assert.True(status == 501, $"{dialect} answers NotImplemented with {status}");
        }
        else
        {
            Assert.InRange(status, 400, 499);
        }
    }

    [Theory]
    [MemberData(nameof(EveryDomainCodeInEveryDialect))]
    public void EveryDomainCodeRendersAsTheSameCatalogueCode(string dialect, MultipartError error)
    {
        var wire = error.ToWireError();
        Assert.Equal(error.ToString(), wire.ToString());
        var rendered = DialectException.From(new MultipartException(error, "m"));
        Assert.Equal(wire, rendered.Error);
        Assert.InRange(Dialects[dialect](rendered.Error).Status, 400, 499);
    }

    [Theory]
    [InlineData("s3", WireError.NoSuchBucket, 404, "NoSuchBucket")]
    [InlineData("s3", WireError.BucketAlreadyExists, 409, "BucketAlreadyOwnedByYou")]
    [InlineData("s3", WireError.TooManyParts, 400, "InvalidArgument")]
    [InlineData("s3", WireError.MalformedRequest, 400, "MalformedXML")]
    [InlineData("cdcs", WireError.NoSuchBucket, 404, "NoSuchCoffer")]
    [InlineData("cdcs", WireError.UploadInProgress, 409, "ObjectAlreadyExists")]
    [InlineData("wos", WireError.NoPartsListed, 400, "InvalidRequest")]
    [InlineData("qingstor", WireError.InvalidAccessKey, 401, "invalid_access_key_id")]
    [InlineData("jss", WireError.MalformedAuthorization, 400, "InvalidToken")]
    [InlineData("jss", WireError.TooManyParts, 400, "TooManyParts")]
    public void CodesRenderAsTheVendorDocuments(string dialect, WireError error, int status, string code) =>
        Assert.Equal((status, code), Dialects[dialect](error));
}

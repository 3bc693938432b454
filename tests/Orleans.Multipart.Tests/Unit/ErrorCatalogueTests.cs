using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// The error catalogue, row by row in every dialect: every code has a rendering (only InternalError,
/// ServiceUnavailable and NotImplemented, 501 in every dialect, are 5xx), renders through the real
/// dialect's error writer as a document of the vendor's format carrying the code and message, the
/// codes vendors document render as they document them, and the codes grains throw keep their values.
/// </summary>
public sealed class ErrorCatalogueTests
{
    /// <summary>The codes grains throw, with the numbers Orleans writes them as: a rolling upgrade mixes versions, so these never change.</summary>
    private static readonly IReadOnlyDictionary<MultipartError, int> PinnedDomainValues = new Dictionary<MultipartError, int>
    {
        [MultipartError.NoSuchBucket] = 0,
        [MultipartError.BucketAlreadyExists] = 1,
        [MultipartError.BucketNotEmpty] = 2,
        [MultipartError.NoSuchKey] = 3,
        [MultipartError.NoSuchUpload] = 4,
        [MultipartError.InvalidPart] = 5,
        [MultipartError.InvalidPartOrder] = 6,
        [MultipartError.EntityTooSmall] = 7,
        [MultipartError.EntityTooLarge] = 8,
        [MultipartError.PreconditionFailed] = 9,
        [MultipartError.ObjectAlreadyExists] = 10,
        [MultipartError.UploadInProgress] = 11,
        [MultipartError.ConditionalRequestConflict] = 12,
        [MultipartError.InvalidArgument] = 13,
        [MultipartError.MalformedRequest] = 14,
        [MultipartError.TooManyParts] = 15,
        [MultipartError.BadDigest] = 16,
        [MultipartError.InvalidRequest] = 17,
        [MultipartError.MetadataTooLarge] = 18,
    };

    public static TheoryData<string, MultipartError> EveryCodeInEveryDialect()
    {
        var data = new TheoryData<string, MultipartError>();
        foreach (var dialect in DialectNames.All)
        {
            foreach (var error in Enum.GetValues<MultipartError>())
            {
                data.Add(dialect, error);
            }
        }

        return data;
    }

    public static TheoryData<string, MultipartError> EveryDomainCodeInEveryDialect()
    {
        var data = new TheoryData<string, MultipartError>();
        foreach (var dialect in DialectNames.All)
        {
            foreach (var error in PinnedDomainValues.Keys)
            {
                data.Add(dialect, error);
            }
        }

        return data;
    }

    [Fact]
    public void CatalogueDialectsAreTheServedDialects() => Assert.Equal(DialectFixtures.Names, DialectNames.All.Select(n => DialectFixtures.Dialect(n).Name));

    [Theory]
    [MemberData(nameof(EveryCodeInEveryDialect))]
    public void EveryCodeHasAClientErrorRendering(string dialect, MultipartError error)
    {
        var (status, code) = ErrorCatalogue.Describe(dialect, error);
        Assert.False(string.IsNullOrWhiteSpace(code));
        if (error is MultipartError.InternalError)
        {
            Assert.Equal(500, status);
        }
        else if (error is MultipartError.ServiceUnavailable)
        {
            Assert.Equal(503, status);
        }
        else if (error is MultipartError.NotImplemented)
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
        Assert.Equal(PinnedDomainValues[error], (int)error);
        var rendered = DialectException.From(new MultipartException(error, "m"));
        Assert.Equal(error, rendered.Error);
        Assert.Equal("m", rendered.Message);
        Assert.InRange(ErrorCatalogue.Describe(dialect, rendered.Error).Status, 400, 499);
    }

    /// <summary>Each row, raised from the catalogue and written by the real dialect: the catalogue's status, and a document in the vendor's format with its code and the message.</summary>
    [Theory]
    [MemberData(nameof(EveryCodeInEveryDialect))]
    public async Task EveryRowRendersThroughTheRealDialect(string dialect, MultipartError error)
    {
        // Every template takes at most two specifics: filled in, they show in the message.
        var raised = error.With("<specific>", "<other>");
        Assert.Equal(error, raised.Error);
        Assert.False(string.IsNullOrWhiteSpace(raised.Message));
        Assert.DoesNotContain("{0}", raised.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCatalogue.Row(error).Format("<specific>", "<other>"), raised.Message);

        var (status, code, message) = await WriteAsync(dialect, raised);
        Assert.Equal(ErrorCatalogue.Describe(dialect, error), (status, code));
        Assert.Equal(raised.Message, message);
    }

    /// <summary>The fallback row: a request a dialect does not serve is 501 NotImplemented in its document, naming what was asked.</summary>
    [Theory]
    [InlineData("s3", "DELETE", "/b/k?website", "NotImplemented")]
    [InlineData("cdcs", "DELETE", "/b/k?website", "NotImplemented")]
    [InlineData("wos", "DELETE", "/b/k?website", "NotImplemented")]
    [InlineData("qingstor", "DELETE", "/b/k?website", "not_implemented")]
    [InlineData("jss", "DELETE", "/b/k?website", "NotImplemented")]
    public async Task UnservedRequestsAnswerTheNotServedRowInEveryDialect(string dialect, string method, string target, string vendorCode)
    {
        var refused = await Assert.ThrowsAsync<DialectException>(() => DialectFixtures.ParseAsync(dialect, method, target));
        Assert.Equal(MultipartError.NotImplemented, refused.Error);
        Assert.Contains("website", refused.Message, StringComparison.Ordinal);

        var (status, code, message) = await WriteAsync(dialect, refused);
        Assert.Equal((ErrorCatalogue.NotServed.Status, vendorCode), (status, code));
        Assert.Equal(refused.Message, message);
    }

    [Theory]
    [InlineData("s3", MultipartError.NoSuchBucket, 404, "NoSuchBucket")]
    [InlineData("s3", MultipartError.BucketAlreadyExists, 409, "BucketAlreadyOwnedByYou")]
    [InlineData("s3", MultipartError.TooManyParts, 400, "InvalidArgument")]
    [InlineData("s3", MultipartError.MalformedRequest, 400, "MalformedXML")]
    [InlineData("cdcs", MultipartError.NoSuchBucket, 404, "NoSuchCoffer")]
    [InlineData("cdcs", MultipartError.UploadInProgress, 409, "ObjectAlreadyExists")]
    [InlineData("wos", MultipartError.NoPartsListed, 400, "InvalidRequest")]
    [InlineData("qingstor", MultipartError.InvalidAccessKey, 401, "invalid_access_key_id")]
    [InlineData("jss", MultipartError.MalformedAuthorization, 400, "InvalidToken")]
    [InlineData("jss", MultipartError.TooManyParts, 400, "TooManyParts")]
    [InlineData("cdcs", MultipartError.ConditionalRequestConflict, 400, "InvalidArgument")]
    [InlineData("qingstor", MultipartError.NoSuchEncryptionConfiguration, 405, "method_not_allowed")]
    [InlineData("jss", MultipartError.PreconditionFailed, 400, "InvalidArgument")]
    public void CodesRenderAsTheVendorDocuments(string dialect, MultipartError error, int status, string code) =>
        Assert.Equal((status, code), ErrorCatalogue.Describe(dialect, error));

    /// <summary>Writes <paramref name="error"/> as the pipeline does, and reads back the status and the document's code and message in the vendor's format.</summary>
    private static async Task<(int Status, string Code, string Message)> WriteAsync(string dialect, DialectException error)
    {
        var context = DialectFixtures.Request("GET", "/b/k");
        await DialectFixtures.Dialect(dialect).WriteErrorAsync(context, ErrorDocument.Of(error, ErrorCatalogue.Describe(dialect, error.Error), "/b/k", "request-1"));
        var body = DialectFixtures.Body(context);
        if (dialect is "s3" or "wos")
        {
            Assert.StartsWith("application/xml", context.Response.ContentType, StringComparison.Ordinal);
            var root = XDocument.Parse(body).Root!;
            Assert.Equal("Error", root.Name.LocalName);
            return (context.Response.StatusCode, root.Element("Code")!.Value, root.Element("Message")!.Value);
        }

        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        var (codeField, messageField) = dialect is "cdcs" ? ("Code", "Message") : ("code", "message");
        return (context.Response.StatusCode, json.GetProperty(codeField).GetString()!, json.GetProperty(messageField).GetString()!);
    }
}

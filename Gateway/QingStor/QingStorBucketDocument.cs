using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// The shape QingStor gives a bucket sub-resource that is one JSON document (<c>/?cors</c>, <c>/?lifecycle</c>): PUT
/// replaces it with the request's document (200), GET answers it (200, JSON), DELETE removes it (204); any other method
/// is 405. Each sub-resource supplies only its operations, its document's size limit and how its JSON becomes the
/// model and back.
/// </summary>
/// <param name="subResource">The query parameter that names the sub-resource, for the 405's message.</param>
/// <param name="maxDocumentBytes">The largest PUT body the sub-resource's largest valid document needs.</param>
internal sealed class QingStorBucketDocument<TOperation>(
    string subResource,
    int maxDocumentBytes,
    Func<string, JsonElement, TOperation> put,
    Func<string, TOperation> get,
    Func<string, TOperation> delete)
    where TOperation : BucketOperation
{
    public async Task<TOperation> ParseAsync(HttpContext context, string bucket, RequestDocumentLimits limits)
    {
        var method = context.Request.Method;
        return method switch
        {
            _ when HttpMethods.IsPut(method) => put(bucket, await RequestDocument.ReadJsonAsync(context, limits with { MaxBytes = maxDocumentBytes })),
            _ when HttpMethods.IsGet(method) => get(bucket),
            _ when HttpMethods.IsDelete(method) => delete(bucket),
            _ => throw new DialectException(MultipartError.MethodNotAllowed, $"The method is not allowed on ?{subResource}."),
        };
    }

    /// <summary>
    /// A GET's answer is the document <paramref name="describe"/> writes; a PUT's or DELETE's is 200 or 204 with no body
    /// (qingstor-sdk-test-scenarios). Only this sub-resource's results reach here, so the request's method tells the two apart.
    /// </summary>
    public Task RenderAsync<TDescribed, TWire>(HttpContext context, OperationResult result, Func<TDescribed, TWire> describe, JsonTypeInfo<TWire> wire)
        where TDescribed : OperationResult
    {
        if (result is TDescribed described)
        {
            return JsonDocumentWriter.WriteAsync(context, 200, describe(described), wire);
        }

        context.Response.StatusCode = HttpMethods.IsPut(context.Request.Method) ? 200 : 204;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}

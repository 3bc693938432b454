using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>Refuses, at start, S3 backend settings the store could not work with (<see cref="S3BlobStoreOptions.Validate"/> names each).</summary>
internal sealed class S3BlobStoreOptionsValidator : IValidateOptions<S3BlobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, S3BlobStoreOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

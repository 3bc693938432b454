namespace Orleans.Multipart;

/// <summary>
/// Carries a <see cref="StorageUnavailableException"/> across a grain call (a database outage inside a
/// silo reaching a gateway in another process, which answers it 503). The exception lives in the storage
/// contracts, which do not depend on Orleans, so it cannot carry <c>[GenerateSerializer]</c> itself; only its
/// message travels (its stack trace is the remote silo's business).
/// </summary>
[RegisterConverter]
internal sealed class StorageUnavailableExceptionConverter : IConverter<StorageUnavailableException, StorageUnavailableExceptionSurrogate>
{
    public StorageUnavailableException ConvertFromSurrogate(in StorageUnavailableExceptionSurrogate surrogate) => new(surrogate.Message);

    public StorageUnavailableExceptionSurrogate ConvertToSurrogate(in StorageUnavailableException value) => new(value.Message);
}

/// <summary>What a <see cref="StorageUnavailableException"/> is on the wire.</summary>
[GenerateSerializer, Alias("omp.StorageUnavailableException.Surrogate")]
internal readonly record struct StorageUnavailableExceptionSurrogate([property: Id(0)] string Message);

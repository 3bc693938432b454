namespace Orleans.Multipart;

/// <summary>
/// The database did not answer (down, restarting, unreachable): nothing is known about the outcome and a
/// retry can succeed. Thrown where a driver exception would otherwise leave a silo (grain state read
/// during activation, state writes, the reminder table): the driver's exception types have no Orleans
/// codec, so a caller in another process got a <c>CodecNotFoundException</c> instead. Derived from
/// <see cref="OrleansException"/> so that Orleans' state bridge passes it on unwrapped; every gateway
/// answers it 503 in the caller's dialect.
/// </summary>
[GenerateSerializer]
[Alias("omp.StorageUnavailableException")]
public sealed class StorageUnavailableException(string message) : OrleansException(message);

namespace Orleans.Multipart;

/// <summary>
/// A store did not answer (the database down, restarting or unreachable; the blob backend failing after
/// its retries): nothing is known about the outcome and a retry can succeed. Every gateway answers it 503
/// in the caller's dialect. The silo throws it where a driver exception would otherwise leave it (grain
/// state read during activation, state writes, the reminder table): the driver's exception types have no
/// Orleans codec, so a caller in another process got a <c>CodecNotFoundException</c> instead. This one
/// crosses grain calls through the converter the grain contracts register
/// (<c>StorageUnavailableExceptionConverter</c>); Orleans' state bridge wraps it in an
/// <c>OrleansException</c>, which callers look through (inner exceptions).
/// </summary>
public sealed class StorageUnavailableException(string message) : Exception(message);

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>What an operation produced, for the dialect's renderer: one record per response shape.</summary>
internal abstract record OperationResult;

/// <summary>Done, nothing to report but success (CreateBucket, DeleteBucket, AbortUpload, DeleteObject, PutBucketAcl).</summary>
internal sealed record Done(Operation Operation) : OperationResult;

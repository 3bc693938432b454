namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// An operation on an object that may name one version of it (S3's <c>?versionId=</c>). AWS authorizes such a request by
/// the version's own action (s3:GetObjectVersion, s3:DeleteObjectVersion, s3:PutObjectVersionTagging, ...) whenever a
/// version is named, "null" included: a policy that allows only the current object's action does not reach old versions.
/// The catalogue row says which action that is (<see cref="OperationDescriptor.WhenVersionNamed"/>).
/// </summary>
internal interface INamesVersion
{
    /// <summary>The version named; null: the current object.</summary>
    string? VersionId { get; }
}

namespace Orleans.Multipart;

/// <summary>
/// The IAM action (the operation catalogue's name, e.g. <c>s3:PutObject</c>) a grain method performs, and
/// where its bucket and key come from. The silos decide calls from internal clients with it, as the HTTP
/// gateways decide requests (<see cref="AccessEvaluator"/>). A method of the service's grain interfaces
/// without it may be called by administrators only.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GrainActionAttribute(string action) : Attribute
{
    public string Action { get; } = action;

    public GrainActionResource Resource { get; init; } = GrainActionResource.GrainKey;
}

/// <summary>Where a <see cref="GrainActionAttribute"/>'s bucket and key are.</summary>
public enum GrainActionResource
{
    /// <summary>The grain's key: a bucket name, or <c>bucket/key</c> (<see cref="ObjectKey"/>).</summary>
    GrainKey,

    /// <summary>The method's first two arguments: bucket, key.</summary>
    Arguments,

    /// <summary>No bucket: an action on the service (<see cref="AccessEvaluator.EvaluateService"/>).</summary>
    Service,
}

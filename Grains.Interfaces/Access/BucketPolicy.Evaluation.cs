namespace Orleans.Multipart;

public sealed partial record BucketPolicy
{
    /// <summary>
    /// What the policy's statements say about <paramref name="request"/>. Placeholder until the policy
    /// language lands (issue 22): no policy can be set before then, so no statement can match.
    /// </summary>
    public PolicyEffect Evaluate(AccessRequest request) => PolicyEffect.None;
}

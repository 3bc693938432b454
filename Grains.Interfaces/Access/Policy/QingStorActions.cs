namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// QingStor's policy action names and the catalogue action each operation records (several QingStor
/// actions are one S3 action: the multipart steps are all <c>s3:PutObject</c>, HEAD is GET's action), and
/// whether the action is on the bucket (its resource the bucket) or on objects (<c>bucket/pattern</c>).
/// </summary>
internal static class QingStorActions
{
    public sealed record Row(string Name, string S3Action, bool OnBucket);

    public static readonly Row[] All =
    [
        new("get_object", "s3:GetObject", false),
        new("head_object", "s3:GetObject", false),
        new("create_object", "s3:PutObject", false),
        new("initiate_multipart_upload", "s3:PutObject", false),
        new("upload_object_part", "s3:PutObject", false),
        new("complete_multipart_upload", "s3:PutObject", false),
        new("delete_object", "s3:DeleteObject", false),
        new("abort_multipart_upload", "s3:AbortMultipartUpload", false),
        new("list_object_parts", "s3:ListMultipartUploadParts", false),
        new("list_objects", "s3:ListBucket", true),
        new("head_bucket", "s3:ListBucket", true),
        new("list_multipart_uploads", "s3:ListBucketMultipartUploads", true),
    ];

    /// <summary>The rows a QingStor action name stands for (<c>*</c>: every row); empty for a name QingStor does not have.</summary>
    public static IEnumerable<Row> Named(string name) => name == "*" ? All : All.Where(r => r.Name == name);
}

namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The operations of the vendors' shared REST shape, before their parameters are read.</summary>
public enum VendorRoute
{
    CreateBucket,
    DeleteBucket,
    HeadBucket,
    ListUploads,
    InitiateUpload,
    UploadPart,
    CompleteUpload,
    AbortUpload,
    ListParts,
    PutObject,
    GetObject,
    DeleteObject,
}

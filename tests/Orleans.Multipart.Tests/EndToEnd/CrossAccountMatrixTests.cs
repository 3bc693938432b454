using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Gateway.Pipeline;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>A host with two ordinary accounts, A and B (<see cref="TestAccounts"/>), beside its root key.</summary>
public sealed class CrossAccountFixture : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public TestAccount A { get; private set; } = null!;

    public TestAccount B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        (A, B) = await TestAccounts.CreateAsync(Host);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Issue 22's matrix: for every operation of the catalogue, in every dialect that serves it, account B signed
/// with its own key against account A's bucket, object and open upload is refused in the dialect's format
/// (403 AccessDenied; QingStor's permission_denied; an existing bucket's name is BucketAlreadyExists; DeleteObjects refuses
/// each key in its 200 result, as S3 does), and A's
/// stored data is unchanged afterwards. The probes are keyed by the catalogue's operation types, so an operation
/// added to the catalogue without a probe fails <see cref="EveryCatalogueOperationHasAProbe"/>.
/// </summary>
public sealed class CrossAccountMatrixTests(CrossAccountFixture fixture) : IClassFixture<CrossAccountFixture>
{
    private readonly ServiceHost _host = fixture.Host;
    private readonly TestAccount _a = fixture.A;
    private readonly TestAccount _b = fixture.B;

    public enum Outcome
    {
        /// <summary>403 with the dialect's AccessDenied code.</summary>
        Refused,

        /// <summary>CreateBucket on A's name: 409 with the dialect's BucketAlreadyExists code.</summary>
        NameTaken,

        /// <summary>ListBuckets: B may list, and sees its own buckets only.</summary>
        OwnBucketsOnly,

        /// <summary>DeleteObjects: 200 whose result refuses each key (&lt;Error&gt; AccessDenied) and deletes none, as S3 answers.</summary>
        RefusedPerKey,
    }

    /// <summary>One request B sends, and what it must get.</summary>
    public sealed record Probe(string Name, HttpMethod Method, string Path, string Query = "", byte[]? Body = null, IDictionary<string, string>? Headers = null, Outcome Expected = Outcome.Refused);

    /// <summary>What A owns (bucket, object, open upload with one part) and what B owns (for copies between them).</summary>
    public sealed record Scene(string Dialect, string Bucket, string ObjectKey, string UploadKey, string UploadId, string OwnBucket, string OwnObjectKey, string? OwnUploadKey, string? OwnUploadId)
    {
        public (string UploadId, string PartNumber, int First) Names => DialectProcessCluster.MultipartNames(Dialect);

        public bool Is(params string[] dialects) => dialects.Contains(Dialect);
    }

    private static readonly string[] Vendors = ["s3", "cdcs", "wos", "qingstor", "jss"];

    private static readonly byte[] ForeignBytes = Encoding.UTF8.GetBytes("written by account B");

    private static readonly byte[] OwnerObject = Encoding.UTF8.GetBytes("account A's object");

    private static readonly byte[] OwnerPart = Encoding.UTF8.GetBytes("account A's part");

    /// <summary>The probes of each catalogue operation, by dialect (none: the dialect does not serve it).</summary>
    private static readonly IReadOnlyDictionary<Type, Func<Scene, IEnumerable<Probe>>> Probes = new Dictionary<Type, Func<Scene, IEnumerable<Probe>>>
    {
        [typeof(ListBuckets)] = s => s.Is("s3", "qingstor") ? [new("ListBuckets", HttpMethod.Get, "/", Expected: Outcome.OwnBucketsOnly)] : [],
        [typeof(CreateBucket)] = s => [new("CreateBucket", HttpMethod.Put, $"/{s.Bucket}", Expected: Outcome.NameTaken)],
        [typeof(DeleteBucket)] = s => [new("DeleteBucket", HttpMethod.Delete, $"/{s.Bucket}")],
        [typeof(HeadBucket)] = s => [new("HeadBucket", HttpMethod.Head, $"/{s.Bucket}")],
        [typeof(GetBucketLocation)] = s => [new("GetBucketLocation", HttpMethod.Get, $"/{s.Bucket}", "location")],
        [typeof(GetBucketVersioning)] = s => s.Is("s3") ? [new("GetBucketVersioning", HttpMethod.Get, $"/{s.Bucket}", "versioning")] : [],
        [typeof(PutBucketVersioning)] = s => s.Is("s3")
            ? [new("PutBucketVersioning", HttpMethod.Put, $"/{s.Bucket}", "versioning", Encoding.UTF8.GetBytes("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"))]
            : [],
        [typeof(GetBucketAcl)] = s => s.Is("s3", "qingstor") ? [new("GetBucketAcl", HttpMethod.Get, $"/{s.Bucket}", "acl")] : [],
        [typeof(PutBucketAcl)] = s => s.Dialect switch
        {
            "s3" => [new("PutBucketAcl", HttpMethod.Put, $"/{s.Bucket}", "acl", Headers: new Dictionary<string, string> { ["x-amz-acl"] = "public-read-write" })],
            "qingstor" => [new("PutBucketAcl", HttpMethod.Put, $"/{s.Bucket}", "acl", Json(new { acl = new[] { new { grantee = new { type = "group", name = "QS_ALL_USERS" }, permission = "WRITE" } } }))],
            _ => [],
        },
        [typeof(GetObjectAcl)] = s => s.Is("s3") ? [new("GetObjectAcl", HttpMethod.Get, $"/{s.Bucket}/{s.ObjectKey}", "acl")] : [],
        [typeof(PutObjectAcl)] = s => s.Is("s3")
            ? [new("PutObjectAcl", HttpMethod.Put, $"/{s.Bucket}/{s.ObjectKey}", "acl", Headers: new Dictionary<string, string> { ["x-amz-acl"] = "public-read" })]
            : [],
        [typeof(PutBucketPolicy)] = s => s.Dialect switch
        {
            // Valid documents (a malformed one is refused as such before the caller is decided): everyone may read.
            "s3" => [Md5(new("PutBucketPolicy", HttpMethod.Put, $"/{s.Bucket}", "policy", Encoding.UTF8.GetBytes(
                $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{s.Bucket}}/*"}]}""")))],
            "qingstor" => [new("PutBucketPolicy", HttpMethod.Put, $"/{s.Bucket}", "policy", Encoding.UTF8.GetBytes(
                $$"""{"statement":[{"id":"read","user":"*","action":"get_object","effect":"allow","resource":["{{s.Bucket}}/*"]}]}"""))],
            _ => [],
        },
        [typeof(GetBucketPolicy)] = s => s.Is("s3", "qingstor") ? [new("GetBucketPolicy", HttpMethod.Get, $"/{s.Bucket}", "policy")] : [],
        [typeof(DeleteBucketPolicy)] = s => s.Is("s3", "qingstor") ? [new("DeleteBucketPolicy", HttpMethod.Delete, $"/{s.Bucket}", "policy")] : [],
        [typeof(GetBucketPolicyStatus)] = s => s.Is("s3") ? [new("GetBucketPolicyStatus", HttpMethod.Get, $"/{s.Bucket}", "policyStatus")] : [],
        [typeof(GetObjectAttributes)] = s => s.Is("s3")
            ? [new("GetObjectAttributes", HttpMethod.Get, $"/{s.Bucket}/{s.ObjectKey}", "attributes", Headers: new Dictionary<string, string> { ["x-amz-object-attributes"] = "ETag" })]
            : [],
        [typeof(CopyObject)] = s => s.Is("s3")
            ?
            [
                new("CopyObject from A's object into B's bucket", HttpMethod.Put, $"/{s.OwnBucket}/copied", Headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{s.Bucket}/{s.ObjectKey}" }),
                new("CopyObject from B's object onto A's key", HttpMethod.Put, $"/{s.Bucket}/{s.ObjectKey}", Headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{s.OwnBucket}/{s.OwnObjectKey}" }),
            ]
            : [],
        [typeof(UploadPartCopy)] = s => s.Is("s3")
            ?
            [
                new("UploadPartCopy from A's object into B's upload", HttpMethod.Put, $"/{s.OwnBucket}/{s.OwnUploadKey}", $"partNumber=1&uploadId={s.OwnUploadId}",
                    Headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{s.Bucket}/{s.ObjectKey}" }),
                new("UploadPartCopy from B's object into A's upload", HttpMethod.Put, $"/{s.Bucket}/{s.UploadKey}", $"partNumber=2&uploadId={s.UploadId}",
                    Headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{s.OwnBucket}/{s.OwnObjectKey}" }),
            ]
            : [],
        [typeof(PutBucketCors)] = s => s.Dialect switch
        {
            "s3" => [Md5(new("PutBucketCors", HttpMethod.Put, $"/{s.Bucket}", "cors", Encoding.UTF8.GetBytes(
                "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>")))],
            "qingstor" => [new("PutBucketCors", HttpMethod.Put, $"/{s.Bucket}", "cors", Json(new { cors_rules = new[] { new { allowed_origin = "*", allowed_methods = new[] { "GET" } } } }))],
            _ => [],
        },
        [typeof(GetBucketCors)] = s => s.Is("s3", "qingstor") ? [new("GetBucketCors", HttpMethod.Get, $"/{s.Bucket}", "cors")] : [],
        [typeof(DeleteBucketCors)] = s => s.Is("s3", "qingstor") ? [new("DeleteBucketCors", HttpMethod.Delete, $"/{s.Bucket}", "cors")] : [],
        [typeof(PutBucketEncryption)] = s => s.Is("s3")
            ? [Md5(new("PutBucketEncryption", HttpMethod.Put, $"/{s.Bucket}", "encryption", Encoding.UTF8.GetBytes(
                "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>")))]
            : [],
        [typeof(GetBucketEncryption)] = s => s.Is("s3") ? [new("GetBucketEncryption", HttpMethod.Get, $"/{s.Bucket}", "encryption")] : [],
        [typeof(DeleteBucketEncryption)] = s => s.Is("s3") ? [new("DeleteBucketEncryption", HttpMethod.Delete, $"/{s.Bucket}", "encryption")] : [],
        [typeof(ListObjects)] = s => s.Dialect switch
        {
            "s3" => [new("ListObjects", HttpMethod.Get, $"/{s.Bucket}"), new("ListObjectsV2", HttpMethod.Get, $"/{s.Bucket}", "list-type=2")],
            "qingstor" => [new("ListObjects", HttpMethod.Get, $"/{s.Bucket}")],
            _ => [],
        },
        [typeof(ListObjectVersions)] = s => s.Is("s3") ? [new("ListObjectVersions", HttpMethod.Get, $"/{s.Bucket}", "versions")] : [],
        [typeof(ListUploads)] = s => [new("ListUploads", HttpMethod.Get, $"/{s.Bucket}", "uploads")],
        [typeof(InitiateUpload)] = s =>
        [
            new("Initiate on a new key", HttpMethod.Post, $"/{s.Bucket}/new-by-b", "uploads"),
            new("Initiate on A's object", HttpMethod.Post, $"/{s.Bucket}/{s.ObjectKey}", "uploads"),
        ],
        [typeof(UploadPart)] = s => [new("UploadPart into A's upload", HttpMethod.Put, $"/{s.Bucket}/{s.UploadKey}", $"{s.Names.PartNumber}={s.Names.First + 1}&{s.Names.UploadId}={s.UploadId}", ForeignBytes)],
        [typeof(CompleteUpload)] = s => [new("Complete A's upload", HttpMethod.Post, $"/{s.Bucket}/{s.UploadKey}", $"{s.Names.UploadId}={s.UploadId}", DialectProcessCluster.CompleteBody(s.Dialect, (s.Names.First, "\"" + Md5Hex(OwnerPart) + "\"")))],
        [typeof(AbortUpload)] = s => [new("Abort A's upload", HttpMethod.Delete, $"/{s.Bucket}/{s.UploadKey}", $"{s.Names.UploadId}={s.UploadId}")],
        [typeof(ListParts)] = s => [new("ListParts of A's upload", HttpMethod.Get, $"/{s.Bucket}/{s.UploadKey}", $"{s.Names.UploadId}={s.UploadId}")],
        [typeof(PutObject)] = s =>
        [
            new("PutObject over A's object", HttpMethod.Put, $"/{s.Bucket}/{s.ObjectKey}", Body: ForeignBytes),
            new("PutObject on a new key", HttpMethod.Put, $"/{s.Bucket}/new-by-b", Body: ForeignBytes),
        ],
        [typeof(GetObject)] = s =>
        [
            new("GetObject", HttpMethod.Get, $"/{s.Bucket}/{s.ObjectKey}"),
            new("HeadObject", HttpMethod.Head, $"/{s.Bucket}/{s.ObjectKey}"),
            // S3 tells a missing key only to who may list the bucket.
            new("GetObject of a missing key", HttpMethod.Get, $"/{s.Bucket}/missing"),
        ],
        [typeof(DeleteObject)] = s => [new("DeleteObject", HttpMethod.Delete, $"/{s.Bucket}/{s.ObjectKey}")],
        [typeof(DeleteObjects)] = s => s.Is("s3")
            ? [Md5(new("DeleteObjects", HttpMethod.Post, $"/{s.Bucket}", "delete", Encoding.UTF8.GetBytes($"<Delete><Object><Key>{s.ObjectKey}</Key></Object></Delete>"), Expected: Outcome.RefusedPerKey))]
            : [],

        // Tagging (issue 23): s3 only.
        [typeof(PutObjectTagging)] = s => s.Is("s3") ? [Md5(new("PutObjectTagging", HttpMethod.Put, $"/{s.Bucket}/{s.ObjectKey}", "tagging", ForeignTagging))] : [],
        [typeof(GetObjectTagging)] = s => s.Is("s3") ? [new("GetObjectTagging", HttpMethod.Get, $"/{s.Bucket}/{s.ObjectKey}", "tagging")] : [],
        [typeof(DeleteObjectTagging)] = s => s.Is("s3") ? [new("DeleteObjectTagging", HttpMethod.Delete, $"/{s.Bucket}/{s.ObjectKey}", "tagging")] : [],
        [typeof(PutBucketTagging)] = s => s.Is("s3") ? [Md5(new("PutBucketTagging", HttpMethod.Put, $"/{s.Bucket}", "tagging", ForeignTagging))] : [],
        [typeof(GetBucketTagging)] = s => s.Is("s3") ? [new("GetBucketTagging", HttpMethod.Get, $"/{s.Bucket}", "tagging")] : [],
        [typeof(DeleteBucketTagging)] = s => s.Is("s3") ? [new("DeleteBucketTagging", HttpMethod.Delete, $"/{s.Bucket}", "tagging")] : [],
        // Lifecycle (issue 23).
        [typeof(PutBucketLifecycle)] = s => s.Dialect switch
        {
            "s3" => [Md5(new("PutBucketLifecycle", HttpMethod.Put, $"/{s.Bucket}", "lifecycle", Encoding.UTF8.GetBytes(
                "<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>")))],
            "qingstor" => [new("PutBucketLifecycle", HttpMethod.Put, $"/{s.Bucket}", "lifecycle", Json(new { rule = new[] { new { id = "r", status = "enabled", filter = new { prefix = "tmp/" }, expiration = new { days = 1 } } } }))],
            _ => [],
        },
        [typeof(GetBucketLifecycle)] = s => s.Is("s3", "qingstor") ? [new("GetBucketLifecycle", HttpMethod.Get, $"/{s.Bucket}", "lifecycle")] : [],
        [typeof(DeleteBucketLifecycle)] = s => s.Is("s3", "qingstor") ? [new("DeleteBucketLifecycle", HttpMethod.Delete, $"/{s.Bucket}", "lifecycle")] : [],
    };

    private static readonly byte[] ForeignTagging = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>by</Key><Value>account B</Value></Tag></TagSet></Tagging>");

    public static TheoryData<string> Dialects() => new(Vendors);

    [Fact]
    public void EveryCatalogueOperationHasAProbe()
    {
        var missing = OperationCatalogue.All.Select(row => row.Type).Where(type => !Probes.ContainsKey(type)).Select(type => type.Name).ToList();
        Assert.True(missing.Count == 0, "Operations without a cross-account probe: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task AnotherAccountIsRefusedEveryOperationAndChangesNothing(string dialect)
    {
        var d = DialectUnderTest.All[dialect];
        var owner = Client(d, _a);
        var other = Client(d, _b);
        var scene = await SetUpAsync(d, owner, other);

        var failures = new List<string>();
        var probed = 0;
        foreach (var row in OperationCatalogue.All.OrderBy(r => r.Type.Name, StringComparer.Ordinal))
        {
            var probes = Probes.TryGetValue(row.Type, out var of) ? of(scene).ToList() : throw new InvalidOperationException($"No probe for {row.Type.Name}");
            foreach (var probe in probes)
            {
                probed++;
                var reply = await other.SendAsync(probe.Method, probe.Path, probe.Query, probe.Body, probe.Headers);
                if (Failure(d, probe, reply, scene) is { } failure)
                {
                    failures.Add($"{probe.Name} ({row.Type.Name}): {failure}");
                }
            }
        }

        Assert.True(probed >= 13, $"{dialect}: only {probed} probes ran");
        Assert.True(failures.Count == 0, $"{dialect}: " + string.Join("\n", failures));
        await AssertUnchangedAsync(d, owner, other, scene);
    }

    /// <summary>
    /// QingStor's anonymous write: unsigned requests write into a bucket whose ACL grants QS_ALL_USERS WRITE (set by its
    /// owner, account A), and nothing else; without the grant, or in another bucket, they are refused.
    /// </summary>
    [Fact]
    public async Task QingStorAnonymousWritesExactlyWhereGranted()
    {
        var d = DialectUnderTest.All["qingstor"];
        var owner = Client(d, _a);
        var bucket = await CreateBucketAsync(d, owner);
        var anonymous = new QingStorClient(_host) { Sign = false };
        d.AssertError(await anonymous.SendAsync(HttpMethod.Put, $"/{bucket}/anon", body: [1, 2, 3]), 403, "permission_denied");

        var grant = await owner.SendAsync(HttpMethod.Put, $"/{bucket}", "acl", Json(new { acl = new[] { new { grantee = new { type = "group", name = "QS_ALL_USERS" }, permission = "WRITE" } } }));
        Assert.True(grant.Status == 200, $"PUT ?acl by the owner: {grant.Status} {grant.Text}");

        // The grant is WRITE: objects and uploads may be written, nothing read or listed.
        Assert.Equal(201, (await anonymous.SendAsync(HttpMethod.Put, $"/{bucket}/anon", body: [1, 2, 3])).Status);
        var init = await anonymous.SendAsync(HttpMethod.Post, $"/{bucket}/anon-multipart", "uploads");
        Assert.True(init.Status is 200 or 201, $"anonymous Initiate: {init.Status} {init.Text}");
        var uploadId = DialectProcessCluster.UploadId("qingstor", init);
        Assert.Equal(201, (await anonymous.SendAsync(HttpMethod.Put, $"/{bucket}/anon-multipart", $"part_number=0&upload_id={uploadId}", [7, 7])).Status);
        Assert.Equal(201, (await anonymous.SendAsync(HttpMethod.Post, $"/{bucket}/anon-multipart", $"upload_id={uploadId}",
            DialectProcessCluster.CompleteBody("qingstor", (0, "\"" + Md5Hex([7, 7]) + "\"")))).Status);
        d.AssertError(await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}/anon"), 403, "permission_denied");
        d.AssertError(await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}"), 403, "permission_denied");
        d.AssertError(await anonymous.SendAsync(HttpMethod.Put, $"/{bucket}", "acl", Json(new { acl = Array.Empty<object>() })), 403, "permission_denied");

        // What the anonymous writer stored is there for the owner.
        var read = await owner.SendAsync(HttpMethod.Get, $"/{bucket}/anon-multipart");
        Assert.Equal(200, read.Status);
        Assert.Equal([7, 7], read.Body);

        // Another bucket of A's grants nothing.
        var closed = await CreateBucketAsync(d, owner);
        d.AssertError(await anonymous.SendAsync(HttpMethod.Put, $"/{closed}/anon", body: [1]), 403, "permission_denied");
    }

    /// <summary>
    /// s3 serves unsigned requests where a grant to everyone allows them: an AllUsers READ grant on A's bucket lets anyone
    /// list it, and nothing else (its objects' own ACLs decide reads); without it the listing is AccessDenied.
    /// </summary>
    [Fact]
    public async Task S3AnonymousAccessFollowsAllUsersGrants()
    {
        var d = DialectUnderTest.All["s3"];
        var owner = Client(d, _a);
        var bucket = await CreateBucketAsync(d, owner);
        Assert.Equal(200, (await owner.SendAsync(HttpMethod.Put, $"/{bucket}/public", body: OwnerObject)).Status);
        var anonymous = new S3RawClient(_host) { Sign = false };
        d.AssertError(await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}"), 403, "AccessDenied");
        d.AssertError(await anonymous.SendAsync(HttpMethod.Get, "/"), 403, "AccessDenied");

        var grain = _host.Get<IGrainFactory>().GetGrain<IBucketGrain>(bucket);
        await grain.SetAcl(new AccessControlList(_a.AccountId, [new Grant(Grantee.Account(_a.AccountId), AclPermission.FullControl), new Grant(Grantee.AllUsers, AclPermission.Read)]));

        // Gateways keep a bucket's grants for up to a second.
        var listing = await PollAsync(() => anonymous.SendAsync(HttpMethod.Get, $"/{bucket}"), r => r.Status == 200);
        Assert.Contains("<Key>public</Key>", listing.Text, StringComparison.Ordinal);
        d.AssertError(await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}/public"), 403, "AccessDenied");
        d.AssertError(await anonymous.SendAsync(HttpMethod.Put, $"/{bucket}/anon", body: [1]), 403, "AccessDenied");
        d.AssertError(await anonymous.SendAsync(HttpMethod.Delete, $"/{bucket}/public"), 403, "AccessDenied");

        // B, signed, gets what everyone gets, and no more.
        var other = Client(d, _b);
        Assert.Equal(200, (await other.SendAsync(HttpMethod.Get, $"/{bucket}")).Status);
        d.AssertError(await other.SendAsync(HttpMethod.Put, $"/{bucket}/by-b", body: [1]), 403, "AccessDenied");
        Assert.Equal(OwnerObject, (await owner.SendAsync(HttpMethod.Get, $"/{bucket}/public")).Body);
    }

    /// <summary>
    /// An upload ID is not a capability: B, though the bucket grants it WRITE, may not add parts to, list, complete or
    /// abort A's upload; A's parts stay as they were. B's own upload in the same bucket works.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task WriteGrantDoesNotOpenAnotherAccountsUpload(string dialect)
    {
        var d = DialectUnderTest.All[dialect];
        var owner = Client(d, _a);
        var other = Client(d, _b);
        var bucket = await CreateBucketAsync(d, owner);
        var (uploadIdName, partNumberName, first) = DialectProcessCluster.MultipartNames(dialect);
        var uploadId = await InitiateAsync(d, owner, bucket, "shared");
        await PartAsync(owner, bucket, "shared", uploadId, first, OwnerPart, dialect);

        var grain = _host.Get<IGrainFactory>().GetGrain<IBucketGrain>(bucket);
        await grain.SetAcl(new AccessControlList(_a.AccountId, [new Grant(Grantee.Account(_a.AccountId), AclPermission.FullControl), new Grant(Grantee.Account(_b.AccountId), AclPermission.Write)]));
        var own = await PollAsync(() => other.SendAsync(HttpMethod.Post, $"/{bucket}/b-own", "uploads"), r => r.Status is 200 or 201);
        var ownId = DialectProcessCluster.UploadId(dialect, own);
        await PartAsync(other, bucket, "b-own", ownId, first, ForeignBytes, dialect);

        var code = dialect == "qingstor" ? "permission_denied" : "AccessDenied";
        d.AssertError(await other.SendAsync(HttpMethod.Put, $"/{bucket}/shared", $"{partNumberName}={first + 1}&{uploadIdName}={uploadId}", ForeignBytes), 403, code);
        d.AssertError(await other.SendAsync(HttpMethod.Put, $"/{bucket}/shared", $"{partNumberName}={first}&{uploadIdName}={uploadId}", ForeignBytes), 403, code);
        d.AssertError(await other.SendAsync(HttpMethod.Get, $"/{bucket}/shared", $"{uploadIdName}={uploadId}"), 403, code);
        d.AssertError(await other.SendAsync(HttpMethod.Post, $"/{bucket}/shared", $"{uploadIdName}={uploadId}",
            DialectProcessCluster.CompleteBody(dialect, (first, "\"" + Md5Hex(OwnerPart) + "\""))), 403, code);
        d.AssertError(await other.SendAsync(HttpMethod.Delete, $"/{bucket}/shared", $"{uploadIdName}={uploadId}"), 403, code);

        await AssertPartsAsync(owner, bucket, "shared", uploadId, dialect);
        var complete = await owner.SendAsync(HttpMethod.Post, $"/{bucket}/shared", $"{uploadIdName}={uploadId}", DialectProcessCluster.CompleteBody(dialect, (first, "\"" + Md5Hex(OwnerPart) + "\"")));
        Assert.True(complete.Status is 200 or 201, $"{dialect}: A's Complete: {complete.Status} {complete.Text}");
        Assert.Equal(OwnerPart, (await owner.SendAsync(HttpMethod.Get, $"/{bucket}/shared")).Body);
        var ownComplete = await other.SendAsync(HttpMethod.Post, $"/{bucket}/b-own", $"{uploadIdName}={ownId}", DialectProcessCluster.CompleteBody(dialect, (first, "\"" + Md5Hex(ForeignBytes) + "\"")));
        Assert.True(ownComplete.Status is 200 or 201, $"{dialect}: B's Complete of its own upload: {ownComplete.Status} {ownComplete.Text}");
    }

    /// <summary>
    /// A refusal comes before the body: B's PutObject or UploadPart announcing 64 MiB and sending 1 KiB is answered
    /// 403 at once, well within the body idle timeout (60 s) the gateway would otherwise wait out; A's data is untouched.
    /// </summary>
    [Theory]
    [InlineData("PutObject")]
    [InlineData("UploadPart")]
    public async Task RefusalComesBeforeTheBodyIsRead(string operation)
    {
        var d = DialectUnderTest.All["s3"];
        var owner = Client(d, _a);
        var bucket = await CreateBucketAsync(d, owner);
        var uploadId = await InitiateAsync(d, owner, bucket, "upload");
        var pathAndQuery = operation == "PutObject" ? $"/{bucket}/object" : $"/{bucket}/upload?partNumber=1&uploadId={uploadId}";

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_host.BaseAddress, pathAndQuery));
        TestSigV4Signer.Sign(request, _b.AccessKey, _b.SecretKey, DateTimeOffset.UtcNow, "UNSIGNED-PAYLOAD", hostHeader: $"127.0.0.1:{_host.BaseAddress.Port}");
        var head = new StringBuilder($"PUT {pathAndQuery} HTTP/1.1\r\n");
        foreach (var header in request.Headers)
        {
            head.Append(header.Key).Append(": ").Append(string.Join(",", header.Value)).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(64 * 1024 * 1024).Append("\r\n\r\n");
        using var raw = await RawHttp.ConnectAsync(_host);
        await raw.SendAsync(head.ToString(), new byte[1024]);
        var answer = await raw.ReadResponseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(answer);
        Assert.Equal(403, answer.Status);
        Assert.Contains("<Code>AccessDenied</Code>", answer.Body, StringComparison.Ordinal);

        Assert.Equal(404, (await owner.SendAsync(HttpMethod.Head, $"/{bucket}/object")).Status);
        var parts = await owner.SendAsync(HttpMethod.Get, $"/{bucket}/upload", $"uploadId={uploadId}");
        Assert.DoesNotContain("<Part>", parts.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// cdcs' exclusive coffer tells whose the existing object is: its owner's Initiate or PUT over it is 409
    /// ObjectAlreadyExistsOwnedByYou, another account's (granted WRITE, so past access control) 409 ObjectAlreadyExists;
    /// the object stays A's either way.
    /// </summary>
    [Fact]
    public async Task CdcsExistingObjectConflictNamesWhoseItIs()
    {
        var d = DialectUnderTest.All["cdcs"];
        var owner = Client(d, _a);
        var other = Client(d, _b);
        var coffer = await CreateBucketAsync(d, owner);
        Assert.Equal(200, (await owner.SendAsync(HttpMethod.Put, $"/{coffer}/taken", body: OwnerObject)).Status);
        await _host.Get<IGrainFactory>().GetGrain<IBucketGrain>(coffer).SetAcl(new AccessControlList(_a.AccountId,
            [new Grant(Grantee.Account(_a.AccountId), AclPermission.FullControl), new Grant(Grantee.Account(_b.AccountId), AclPermission.Write)]));

        // Once the gateway sees B's grant (within a second), B's writes reach the coffer's rule.
        var initiate = await PollAsync(() => other.SendAsync(HttpMethod.Post, $"/{coffer}/taken", "uploads"), r => r.Status != 403);
        d.AssertError(initiate, 409, "ObjectAlreadyExists");
        d.AssertError(await other.SendAsync(HttpMethod.Put, $"/{coffer}/taken", body: ForeignBytes), 409, "ObjectAlreadyExists");
        d.AssertError(await owner.SendAsync(HttpMethod.Post, $"/{coffer}/taken", "uploads"), 409, "ObjectAlreadyExistsOwnedByYou");
        d.AssertError(await owner.SendAsync(HttpMethod.Put, $"/{coffer}/taken", body: ForeignBytes), 409, "ObjectAlreadyExistsOwnedByYou");
        Assert.Equal(OwnerObject, (await owner.SendAsync(HttpMethod.Get, $"/{coffer}/taken")).Body);
    }

    private VendorClient Client(DialectUnderTest d, TestAccount account)
    {
        var client = d.CreateClient(_host);
        client.AccessKey = account.AccessKey;
        client.SecretKey = account.SecretKey;
        return client;
    }

    private async Task<Scene> SetUpAsync(DialectUnderTest d, VendorClient owner, VendorClient other)
    {
        var dialect = d.Name;
        var bucket = await CreateBucketAsync(d, owner);
        var stored = await owner.SendAsync(HttpMethod.Put, $"/{bucket}/object", body: OwnerObject);
        Assert.True(stored.Status is 200 or 201, $"A's PutObject: {stored.Status} {stored.Text}");
        var uploadId = await InitiateAsync(d, owner, bucket, "upload");
        await PartAsync(owner, bucket, "upload", uploadId, DialectProcessCluster.MultipartNames(dialect).FirstPart, OwnerPart, dialect);

        var ownBucket = await CreateBucketAsync(d, other);
        var put = await other.SendAsync(HttpMethod.Put, $"/{ownBucket}/own", body: ForeignBytes);
        Assert.True(put.Status is 200 or 201, $"B's PutObject into its own bucket: {put.Status} {put.Text}");
        string? ownUploadId = null;
        if (dialect == "s3")
        {
            ownUploadId = await InitiateAsync(d, other, ownBucket, "own-upload");
        }

        return new Scene(dialect, bucket, "object", "upload", uploadId, ownBucket, "own", ownUploadId is null ? null : "own-upload", ownUploadId);
    }

    private async Task<string> CreateBucketAsync(DialectUnderTest d, VendorClient client)
    {
        var name = d.BucketPrefix + Guid.NewGuid().ToString("N")[..8] + d.BucketSuffix;
        var reply = await client.SendAsync(HttpMethod.Put, "/" + name);
        Assert.True(reply.Status is 200 or 201, $"{d.Name}: creating bucket {name} as {client.AccessKey}: {reply.Status} {reply.Text}");
        return name;
    }

    private static async Task<string> InitiateAsync(DialectUnderTest d, VendorClient client, string bucket, string key)
    {
        var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/{key}", "uploads");
        Assert.True(init.Status is 200 or 201, $"{d.Name} Initiate as {client.AccessKey}: {init.Status} {init.Text}");
        return DialectProcessCluster.UploadId(d.Name, init);
    }

    private static async Task PartAsync(VendorClient client, string bucket, string key, string uploadId, int number, byte[] body, string dialect)
    {
        var (uploadIdName, partNumberName, _) = DialectProcessCluster.MultipartNames(dialect);
        var part = await client.SendAsync(HttpMethod.Put, $"/{bucket}/{key}", $"{partNumberName}={number}&{uploadIdName}={uploadId}", body);
        Assert.True(part.Status is 200 or 201, $"{dialect} UploadPart as {client.AccessKey}: {part.Status} {part.Text}");
    }

    /// <summary>The upload still has exactly A's part: its ETag listed, B's bytes' ETag nowhere.</summary>
    private static async Task AssertPartsAsync(VendorClient owner, string bucket, string key, string uploadId, string dialect)
    {
        var (uploadIdName, _, _) = DialectProcessCluster.MultipartNames(dialect);
        var parts = await owner.SendAsync(HttpMethod.Get, $"/{bucket}/{key}", $"{uploadIdName}={uploadId}");
        Assert.True(parts.Status == 200, $"{dialect}: A's ListParts: {parts.Status} {parts.Text}");
        Assert.Contains(Md5Hex(OwnerPart), parts.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Md5Hex(ForeignBytes), parts.Text, StringComparison.Ordinal);
    }

    private static string? Failure(DialectUnderTest d, Probe probe, Reply reply, Scene scene)
    {
        switch (probe.Expected)
        {
            case Outcome.OwnBucketsOnly:
                return reply.Status == 200 && !reply.Text.Contains(scene.Bucket, StringComparison.Ordinal) && reply.Text.Contains(scene.OwnBucket, StringComparison.Ordinal)
                    ? null
                    : $"expected 200 listing B's bucket and not A's, got {reply.Status}: {reply.Text}";
            case Outcome.RefusedPerKey:
                return reply.Status == 200 && !reply.Text.Contains("<Deleted>", StringComparison.Ordinal)
                    && reply.Text.Contains($"<Error><Key>{scene.ObjectKey}</Key><Code>AccessDenied</Code>", StringComparison.Ordinal)
                    ? null
                    : $"expected 200 refusing {scene.ObjectKey} with AccessDenied in the result, got {reply.Status}: {reply.Text}";
            case Outcome.NameTaken:
                var taken = d.Name switch { "cdcs" => "CofferAlreadyExists", "qingstor" => "bucket_already_exists", _ => "BucketAlreadyExists" };
                return reply.Status == 409 && d.ErrorCode(reply) == taken ? null : $"expected 409 {taken}, got {reply.Status}: {reply.Text}";
            default:
                var code = d.Name == "qingstor" ? "permission_denied" : "AccessDenied";
                if (probe.Method == HttpMethod.Head)
                {
                    return reply.Status == 403 ? null : $"expected 403, got {reply.Status}";
                }

                return reply.Status == 403 && d.ErrorCode(reply) == code ? null : $"expected 403 {code}, got {reply.Status}: {reply.Text}";
        }
    }

    /// <summary>A's object (bytes and ETag), its upload's parts and its bucket are as A left them; B's writes left no key behind.</summary>
    private static async Task AssertUnchangedAsync(DialectUnderTest d, VendorClient owner, VendorClient other, Scene scene)
    {
        var read = await owner.SendAsync(HttpMethod.Get, $"/{scene.Bucket}/{scene.ObjectKey}");
        Assert.True(read.Status == 200, $"{d.Name}: A's GET of its object: {read.Status} {read.Text}");
        Assert.Equal(OwnerObject, read.Body);
        Assert.Equal("\"" + Md5Hex(OwnerObject) + "\"", read.Header("etag"));
        await AssertPartsAsync(owner, scene.Bucket, scene.UploadKey, scene.UploadId, d.Name);
        Assert.Equal(200, (await owner.SendAsync(HttpMethod.Head, $"/{scene.Bucket}")).Status);
        Assert.Equal(404, (await owner.SendAsync(HttpMethod.Head, $"/{scene.Bucket}/new-by-b")).Status);
        var uploads = await owner.SendAsync(HttpMethod.Get, $"/{scene.Bucket}", "uploads");
        Assert.True(uploads.Status == 200, $"{d.Name}: A's ListUploads: {uploads.Status} {uploads.Text}");
        Assert.DoesNotContain("new-by-b", uploads.Text, StringComparison.Ordinal);
        if (d.Name == "s3")
        {
            // B tagged neither A's object nor A's bucket.
            var objectTags = await owner.SendAsync(HttpMethod.Get, $"/{scene.Bucket}/{scene.ObjectKey}", "tagging");
            Assert.True(objectTags.Status == 200, $"A's GetObjectTagging: {objectTags.Status} {objectTags.Text}");
            Assert.DoesNotContain("<Tag>", objectTags.Text, StringComparison.Ordinal);
            Assert.Equal(404, (await owner.SendAsync(HttpMethod.Get, $"/{scene.Bucket}", "tagging")).Status);
        }

        if (scene.OwnUploadId is not null)
        {
            // B's copy from A's object put nothing into B's bucket either.
            Assert.Equal(404, (await other.SendAsync(HttpMethod.Head, $"/{scene.OwnBucket}/copied")).Status);
        }
    }

    private static async Task<Reply> PollAsync(Func<Task<Reply>> send, Func<Reply, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var reply = await send();
            if (done(reply) || DateTime.UtcNow > deadline)
            {
                return reply;
            }

            await Task.Delay(100);
        }
    }

    private static Probe Md5(Probe probe) => probe with
    {
        Headers = new Dictionary<string, string>(probe.Headers ?? new Dictionary<string, string>()) { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData(probe.Body!)) },
    };

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Admin;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// The admin API's gate, without a cluster: a signature verified against the credential store proves a principal,
/// whose account must be an administrator (403 AccessDenied otherwise, before any grain is called), under either
/// signing service name; a key the store has not loaded yet is loaded and the request verified again.
/// </summary>
public sealed class AdminSignatureTests
{
    private const string Secret = "the-secret-of-the-key";

    [Theory]
    [InlineData("s3", false)]
    [InlineData("omp-admin", false)]
    [InlineData("s3", true)]
    [InlineData("omp-admin", true)]
    public async Task TheSignatureProvesTheKeysPrincipal(string service, bool isAdmin)
    {
        var principal = new Principal(isAdmin ? "ops" : "alice", "AKALICE", isAdmin);
        var store = new OneKeyStore("AKALICE", new ResolvedAccessKey(Secret, principal, principal.AccountId, null));
        var context = Signed("GET", "/-/admin/buckets", "AKALICE", Secret, service);

        var proved = await Verifier(store).VerifyAsync(context, []);

        Assert.Equal(principal, proved);
        Assert.Equal(1, store.Loads);
    }

    [Theory]
    [InlineData("sts")]
    [InlineData("iam")]
    public async Task OtherSigningServicesAreRefused(string service)
    {
        var store = new OneKeyStore("AKALICE", new ResolvedAccessKey(Secret, new Principal("ops", "AKALICE", true), "ops", null));

        var refusal = await Assert.ThrowsAsync<AdminException>(async () => await Verifier(store).VerifyAsync(Signed("GET", "/-/admin/buckets", "AKALICE", Secret, service), []));

        Assert.Equal(400, refusal.Status);
    }

    [Fact]
    public async Task ABodyOtherThanTheSignedOneIsRefused()
    {
        var store = new OneKeyStore("AKOPS", new ResolvedAccessKey(Secret, new Principal("ops", "AKOPS", true), "ops", null));
        var context = Signed("POST", "/-/admin/buckets", "AKOPS", Secret, "omp-admin", body: "{\"name\":\"one\"}"u8.ToArray());

        var refusal = await Assert.ThrowsAsync<AdminException>(async () => await Verifier(store).VerifyAsync(context, "{\"name\":\"two\"}"u8.ToArray()));

        Assert.Equal(403, refusal.Status);
        Assert.Equal("XAmzContentSHA256Mismatch", refusal.Code);
    }

    [Fact]
    public async Task ANonAdministratorIsRefusedBeforeAnyGrainCall()
    {
        var store = new OneKeyStore("AKALICE", new ResolvedAccessKey(Secret, new Principal("alice", "AKALICE"), "alice", null));
        var api = new AdminApi(grains: null!, Verifier(store), Options.Create(new AdminOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        var context = Signed("GET", "/-/admin/accounts", "AKALICE", Secret, "omp-admin");
        context.Response.Body = new MemoryStream();

        await api.HandleAsync(context);

        Assert.Equal(403, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var error = JsonNode.Parse(context.Response.Body)!;
        Assert.Equal("AccessDenied", error["error"]!.GetValue<string>());
    }

    private static AdminSignatureVerifier Verifier(ICredentialStore store) =>
        new(store, TimeProvider.System, Options.Create(new GatewayOptions()));

    private static DefaultHttpContext Signed(string method, string path, string accessKey, string secret, string service, byte[]? body = null)
    {
        body ??= [];
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payload = TestSigV4Signer.Sha256Hex(body);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = path; // as Kestrel sets it
        context.Request.Host = new HostString("admin.test:8080");
        context.Request.Headers["x-amz-date"] = amzDate;
        context.Request.Headers["x-amz-content-sha256"] = payload;
        var headers = new Dictionary<string, string> { ["host"] = "admin.test:8080", ["x-amz-content-sha256"] = payload, ["x-amz-date"] = amzDate };
        const string SignedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonical = TestSigV4Signer.Canonical(method, path, "", headers, SignedHeaders, payload);
        var scope = $"{amzDate[..8]}/eu-west-3/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{TestSigV4Signer.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(canonical))}";
        var key = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes("AWS4" + secret), System.Text.Encoding.UTF8.GetBytes(amzDate[..8]));
        foreach (var part in new[] { "eu-west-3", service, "aws4_request" })
        {
            key = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(part));
        }

        var signature = TestSigV4Signer.Hex(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(stringToSign)));
        context.Request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}";
        return context;
    }

    /// <summary>A store holding one key, loaded on the first miss as the cluster's store loads keys.</summary>
    private sealed class OneKeyStore(string accessKey, ResolvedAccessKey key) : ICredentialStore
    {
        private bool _loaded;

        public int Loads { get; private set; }

        public ResolvedAccessKey? Find(string requested) =>
            !_loaded ? throw new CredentialNotCachedException(requested) : requested == accessKey ? key : null;

        public ValueTask LoadAsync(string requested, CancellationToken cancellationToken)
        {
            Loads++;
            _loaded = true;
            return ValueTask.CompletedTask;
        }
    }
}

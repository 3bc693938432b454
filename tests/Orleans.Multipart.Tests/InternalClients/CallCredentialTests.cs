using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Multipart.Client.Credentials;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Silo.Hosting;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.InternalClients;

/// <summary>
/// The grain-call credential as the silo checks it: bound to its key's secret, its service, its time and
/// the principal it names; only an administrator's may name another account. And what the check costs.
/// </summary>
public sealed class CallCredentialTests(ITestOutputHelper output)
{
    private const string Service = "svc";
    private static readonly Principal Alice = new("alice", "alice-key");
    private static readonly Principal Bob = new("bob", "bob-key");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-06T07:00:10Z"));

    private CallCredentialVerifier Verifier() => new(
        new Keys(new Dictionary<string, ResolvedAccessKey>
        {
            ["alice-key"] = new("alice-secret", Alice, "alice", null),
            ["bob-key"] = new("bob-secret", Bob, "bob", null),
        }),
        Options.Create(new AuthOptions { RootAccessKey = "root-key", RootSecretKey = "root-secret" }),
        Options.Create(new ClusterOptions { ServiceId = Service }),
        _time);

    public static TheoryData<string, string, string, string, int, string?, string?> Cases => new()
    {
        // case, signing key, its secret, service signed for, seconds after signing, named principal (account), expected principal (null: refused)
        { "own key, no principal named", "alice-key", "alice-secret", Service, 0, null, "alice" },
        { "own key naming itself", "alice-key", "alice-secret", Service, 0, "alice", "alice" },
        { "another account named (forged principal)", "bob-key", "bob-secret", Service, 0, "alice", null },
        { "wrong secret", "alice-key", "bob-secret", Service, 0, null, null },
        { "another service's credential", "alice-key", "alice-secret", "other-svc", 0, null, null },
        { "older than the window and the clock allowance", "alice-key", "alice-secret", Service, 91, null, null },
        { "within the window and the clock allowance", "alice-key", "alice-secret", Service, 89, null, "alice" },
        { "dated beyond the clock allowance", "alice-key", "alice-secret", Service, -61, null, null },
        { "unknown key", "carol-key", "carol-secret", Service, 0, null, null },
        { "root key acting for alice", "root-key", "root-secret", Service, 0, "alice", "alice" },
        { "root key naming no one acts as root", "root-key", "root-secret", Service, 0, null, "root" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheSiloAcceptsOnlyAValidCredentialForItsPrincipal(string @case, string key, string secret, string service, int age, string? named, string? expected)
    {
        var principal = named switch { null => null, "alice" => Alice, _ => new Principal(named, null) };
        var signedAt = _time.GetUtcNow().ToUnixTimeSeconds() - age;
        var credential = CallCredential.Create(service, key, System.Text.Encoding.UTF8.GetBytes(secret), signedAt, principal);

        var verification = await Verifier().VerifyAsync(credential, principal);

        Assert.True(expected == verification.Principal?.AccountId, $"{@case}: {verification.Principal?.AccountId ?? "refused"} ({verification.Refusal})");
    }

    [Theory]
    [InlineData("no credential", null)]
    [InlineData("not a credential", "garbage")]
    [InlineData("no signature", "1796540410::alice-key")]
    [InlineData("signature not base64", "1796540410:!!!:alice-key")]
    public async Task AMissingOrMalformedCredentialIsRefused(string @case, string? credential)
    {
        var verification = await Verifier().VerifyAsync(credential, null);
        Assert.True(verification.Refusal is not null, @case);
    }

    [Fact]
    public async Task ACredentialCannotBeMovedToAnotherPrincipal()
    {
        var signer = new CallSigner("root-key", "root-secret", _time);
        var forAlice = signer.CredentialFor(Service, Alice);
        var verifier = Verifier();

        Assert.Equal("alice", (await verifier.VerifyAsync(forAlice, Alice)).Principal?.AccountId);
        // The same string presented with bob named (a captured credential re-used for another caller).
        Assert.NotNull((await verifier.VerifyAsync(forAlice, Bob)).Refusal);
    }

    [Fact]
    public async Task TheAddedCostPerCallIsALookupAfterTheFirstCallOfAWindow()
    {
        var signer = new CallSigner("root-key", "root-secret", _time);
        var verifier = Verifier();
        var aliceSigner = new CallSigner("alice-key", "alice-secret", _time);
        const int calls = 200_000;

        var gateway = await MeasureAsync(calls, async () =>
        {
            var credential = signer.CredentialFor(Service, Alice);
            return (await verifier.VerifyAsync(credential, Alice)).Principal;
        });
        var client = await MeasureAsync(calls, async () =>
        {
            var credential = aliceSigner.CredentialFor(Service, null);
            return (await verifier.VerifyAsync(credential, null)).Principal;
        });
        var hmacEveryCall = await MeasureAsync(calls / 10, () =>
            ValueTask.FromResult<Principal?>(CallCredential.Verify(Service, "alice-key", "alice-secret"u8, 1, null, Convert.ToBase64String(new byte[32])) ? Alice : Alice));

        output.WriteLine($"CPU of sign + verify per call, gateway acting for a principal: {gateway.TotalNanoseconds:0} ns; internal client: {client.TotalNanoseconds:0} ns; one HMAC-SHA256 check for comparison: {hmacEveryCall.TotalNanoseconds:0} ns");
        // Generous for a loaded 2-core machine; what it guards is that no call does a grain call or more than a lookup.
        Assert.True(gateway < TimeSpan.FromMicroseconds(20), $"gateway path {gateway.TotalNanoseconds} ns per call");
        Assert.True(client < TimeSpan.FromMicroseconds(20), $"client path {client.TotalNanoseconds} ns per call");
    }

    private static async Task<TimeSpan> MeasureAsync(int calls, Func<ValueTask<Principal?>> call)
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(await call());
        }

        // CPU time, not elapsed time: the machine is shared, and CPU is what every request pays.
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < calls; i++)
        {
            await call();
        }

        process.Refresh();
        return (process.TotalProcessorTime - before) / calls;
    }

    private sealed class Keys(Dictionary<string, ResolvedAccessKey> keys) : IAccessKeyResolver
    {
        public Task<ResolvedAccessKey?> ResolveAsync(string accessKeyId) => Task.FromResult(keys.GetValueOrDefault(accessKeyId));
    }
}

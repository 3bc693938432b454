using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Multipart.Hosting;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// The rejected-call retry on a scripted call: a rejection (thrown, or carried in the response) is sent
/// again up to <see cref="RetryPipelines.RejectedCallRetries"/> times with growing waits; anything else,
/// and calls to interfaces that are not the service's, go through once.
/// </summary>
public sealed class RejectedCallRetryFilterTests
{
    /// <summary>Per attempt: "ok", "thrown" (a rejection thrown), "response" (a rejection in the response), "timeout" (thrown).</summary>
    public static TheoryData<string, string[], int, string> Calls => new()
    {
        { "answered at once", ["ok"], 1, "ok" },
        { "rejected twice in the response, then answered", ["response", "response", "ok"], 3, "ok" },
        { "rejection thrown twice, then answered", ["thrown", "thrown", "ok"], 3, "ok" },
        { "rejected every time in the response: the last rejection stays", ["response"], 1 + RetryPipelines.RejectedCallRetries, "response" },
        { "rejection thrown every time: the last one is thrown", ["thrown"], 1 + RetryPipelines.RejectedCallRetries, "thrown" },
        { "a timeout is an unknown outcome: never sent again", ["timeout", "ok"], 1, "timeout" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task ARejectedCallIsSentAgainAndNothingElseIs(string scenario, string[] attempts, int expectedCalls, string expectedOutcome)
    {
        var call = ScriptedCall.Create(typeof(RejectedCallRetryFilterTests), attempts);
        var filter = new RejectedCallRetryFilter(NullLogger<RejectedCallRetryFilter>.Instance);
        var started = TimeProvider.System.GetTimestamp();
        var outcome = "ok";
        try
        {
            await filter.Invoke(call);
            if (call.Response?.Exception is OrleansMessageRejectionException)
            {
                outcome = "response";
            }
        }
        catch (OrleansMessageRejectionException)
        {
            outcome = "thrown";
        }
        catch (TimeoutException)
        {
            outcome = "timeout";
        }

        Assert.True(expectedCalls == ((ScriptedCall)(object)call).Calls, $"{scenario}: {((ScriptedCall)(object)call).Calls} calls");
        Assert.Equal(expectedOutcome, outcome);
        // Waits of 1, 2, ... × the backoff between attempts.
        var waited = TimeProvider.System.GetElapsedTime(started);
        var minimum = RetryPipelines.RejectedCallBackoff * ((expectedCalls - 1) * expectedCalls / 2);
        Assert.True(waited >= minimum * 0.9, $"{scenario}: waited {waited} (at least {minimum} expected)");
    }

    [Fact]
    public async Task ACallToAnInterfaceOutsideTheServiceIsNotRetried()
    {
        var call = ScriptedCall.Create(typeof(IDisposable), ["thrown", "ok"]);
        await Assert.ThrowsAnyAsync<OrleansMessageRejectionException>(() => new RejectedCallRetryFilter(NullLogger<RejectedCallRetryFilter>.Instance).Invoke(call));
        Assert.Equal(1, ((ScriptedCall)(object)call).Calls);
    }

    /// <summary>An outgoing call whose attempts follow a script (the last step repeats).</summary>
    public class ScriptedCall : DispatchProxy
    {
        private string[] _attempts = [];
        private IInvokable _request = null!;

        public int Calls { get; private set; }

        private Response? _response;

        public static IOutgoingGrainCallContext Create(Type interfaceType, string[] attempts)
        {
            var call = DispatchProxy.Create<IOutgoingGrainCallContext, ScriptedCall>();
            var scripted = (ScriptedCall)(object)call;
            scripted._attempts = attempts;
            var request = DispatchProxy.Create<IInvokable, ScriptedRequest>();
            ((ScriptedRequest)(object)request).InterfaceType = interfaceType;
            scripted._request = request;
            return call;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            "Invoke" => Attempt(),
            "get_Request" => _request,
            "get_Response" => _response,
            "set_Response" => _response = (Response?)args![0],
            "get_InterfaceName" => "IScripted",
            "get_MethodName" => "Call",
            "get_TargetId" => GrainId.Create("scripted", "one"),
            _ => throw new NotSupportedException(targetMethod.Name),
        };

        /// <summary>A rejection as Orleans raises it (its base type's constructors are internal; the filter handles any rejection alike).</summary>
        private static OrleansMessageRejectionException Rejection(string message) => new SiloUnavailableException(message);

        private Task Attempt()
        {
            var step = _attempts[Math.Min(Calls, _attempts.Length - 1)];
            Calls++;
            _response = step == "response" ? Response.FromException(Rejection("rejected in the response")) : Response.FromResult(1);
            return step switch
            {
                "thrown" => Task.FromException(Rejection("rejected")),
                "timeout" => Task.FromException(new TimeoutException("no answer")),
                _ => Task.CompletedTask,
            };
        }
    }

    public class ScriptedRequest : DispatchProxy
    {
        public Type InterfaceType { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            "GetInterfaceType" => InterfaceType,
            _ => throw new NotSupportedException(targetMethod.Name),
        };
    }
}

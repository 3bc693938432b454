using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The one <c>SCHEME AccessKey:Signature</c> parser the SigV2-family dialects share.</summary>
public sealed class SchemeCredentialTests
{
    [Theory]
    [InlineData("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "AWS", "AKIDEXAMPLE", "frJIUN8DYpKDtOLCwo//yllqDzg=", false)]
    [InlineData("QS ak:sig", "QS", "ak", "sig", false)]
    [InlineData("jingdong  ak : sig ", "jingdong", "ak", "sig", false)]
    [InlineData("WOS :sig", "WOS", "", "sig", true)]
    [InlineData("WOS ak:", "WOS", "ak", "", true)]
    [InlineData("WOS a:b:c", "WOS", "a:b", "c", false)]
    public void ParsesTheKeyUpToTheLastColon(string header, string scheme, string accessKey, string signature, bool emptyPart)
    {
        Assert.True(SchemeCredential.TryParse(header, scheme, out var credential));
        Assert.Equal((accessKey, signature, emptyPart), (credential.AccessKey, credential.Signature, credential.HasEmptyPart));
    }

    [Theory]
    [InlineData("", "AWS")]
    [InlineData("AWS", "AWS")]
    [InlineData("AWS ", "AWS")]
    [InlineData("AWS noColon", "AWS")]
    [InlineData("AWS4-HMAC-SHA256 Credential=a:b", "AWS")]
    [InlineData("aws ak:sig", "AWS")]
    [InlineData("WOS ak:sig", "AWS")]
    [InlineData("QS:ak:sig", "QS")]
    [InlineData("jingdongak:sig", "jingdong")]
    public void RefusesAnotherSchemeOrNoColon(string header, string scheme) =>
        Assert.False(SchemeCredential.TryParse(header, scheme, out _));
}

using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>A key whose percent-escapes are not UTF-8 is refused, in every dialect, instead of being stored under U+FFFD (which aliased keys); so is one holding a C1 control character (%C2%8A), raw bytes taken as characters.</summary>
public sealed class InvalidUtf8KeyTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in DialectUnderTest.All.Keys)
        {
            foreach (var escape in new[] { "%FF", "%FE", "%C0%AF", "%ED%A0%80", "%C2%8A" })
            {
                data.Add(dialect, escape);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, string> InvalidKeyCode = new()
    {
        ["s3"] = "InvalidURI",
        ["cdcs"] = "InvalidObjectKey",
        ["wos"] = "InvalidURI",
        ["qingstor"] = "invalid_object_name",
        ["jss"] = "InvalidArgument",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task KeyThatIsNotUtf8IsRefusedAndAliasesNothing(string dialect, string escape)
    {
        var d = DialectUnderTest.All[dialect];
        var (bucket, client) = await d.NewBucketAsync(_host);
        Assert.Equal(d.Name == "qingstor" ? 201 : 200, (await client.SendAsync(HttpMethod.Put, $"/{bucket}/x%EF%BF%BD", body: "replacement"u8.ToArray())).Status);

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Get, HttpMethod.Delete })
        {
            var reply = await client.SendAsync(method, $"/{bucket}/x{escape}", body: method == HttpMethod.Put ? "other"u8.ToArray() : null);
            d.AssertError(reply, 400, InvalidKeyCode[dialect]);
        }

        d.AssertError(await client.SendAsync(HttpMethod.Post, $"/{bucket}/x{escape}", "uploads"), 400, InvalidKeyCode[dialect]);
        var kept = await client.SendAsync(HttpMethod.Get, $"/{bucket}/x%EF%BF%BD");
        Assert.Equal("replacement", kept.Text);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Gateway.S3;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Each dialect's options are bound from its configuration section and refused, naming the setting, when a value cannot work.</summary>
public sealed class DialectOptionsTests
{
    [Theory]
    [InlineData("Gateway:S3:VirtualHostSuffixes:0", "s3.example.com", null)]
    [InlineData("Gateway:S3:VirtualHostSuffixes:0", ".s3.example.com", "Gateway:S3:VirtualHostSuffixes")]
    [InlineData("Gateway:S3:Region", "", "Gateway:S3:Region")]
    [InlineData("Gateway:QingStor:VirtualHostSuffixes:0", "http://pek3a.qingstor.com", "Gateway:QingStor:VirtualHostSuffixes")]
    [InlineData("Gateway:Cdcs:Region", " ", "Gateway:Cdcs:Region")]
    public void DialectOptionsAreValidated(string key, string value, string? refusedSetting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddMultipartGateway(configuration).Services.BuildServiceProvider();
        var error = Record.Exception(() =>
        {
            _ = services.GetRequiredService<IOptions<S3Options>>().Value;
            _ = services.GetRequiredService<IOptions<QingStorOptions>>().Value;
            _ = services.GetRequiredService<IOptions<CdcsOptions>>().Value;
        });
        if (refusedSetting is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(refusedSetting, Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
        }
    }
}

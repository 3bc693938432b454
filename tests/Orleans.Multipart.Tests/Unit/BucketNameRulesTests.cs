using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Each dialect's bucket-name rules, as a table of names it must accept or refuse.</summary>
public sealed class BucketNameRulesTests
{
    private static BucketNameRules Rules(string dialect) => dialect switch
    {
        "s3" => BucketNameRules.S3,
        "wos" => BucketNameRules.Wos,
        "cdcs" => BucketNameRules.Cdcs,
        "qingstor" => BucketNameRules.QingStor,
        "jss" => BucketNameRules.Jss,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    [Theory]
    [InlineData("s3", "abc", true)]
    [InlineData("s3", "my.bucket-01", true)]
    [InlineData("s3", "192.168.5.123x", true)]
    [InlineData("s3", "ab", false)]
    [InlineData("s3", "a23456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("s3", "a234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("s3", "Upper", false)]
    [InlineData("s3", "under_score", false)]
    [InlineData("s3", "-leading", false)]
    [InlineData("s3", "trailing-", false)]
    [InlineData("s3", ".leading", false)]
    [InlineData("s3", "trailing.", false)]
    [InlineData("s3", "a..b", false)]
    [InlineData("s3", "foo-.bar", false)]
    [InlineData("s3", "foo.-bar", false)]
    [InlineData("s3", "192.168.5.123", false)]
    [InlineData("s3", "xn--bucket", false)]
    [InlineData("s3", "sthree-bucket", false)]
    [InlineData("s3", "amzn-s3-demo-bucket", false)]
    [InlineData("s3", "bucket-s3alias", false)]
    [InlineData("s3", "bucket--ol-s3", false)]
    [InlineData("s3", "bucket.mrap", false)]
    [InlineData("s3", "bucket--x-s3", false)]
    [InlineData("s3", "bucket--table-s3", false)]
    [InlineData("wos", "wos-bucket", true)]
    [InlineData("wos", "my.bucket", true)]
    [InlineData("wos", "a..b", false)]
    [InlineData("wos", "trailing-", false)]
    [InlineData("wos", "foo-.bar", false)]
    [InlineData("wos", "10.0.0.1", false)]
    [InlineData("cdcs", "examplecoffer-1250000000", true)]
    [InlineData("cdcs", "dotted.coffer", false)]
    [InlineData("cdcs", "coffer-", false)]
    [InlineData("qingstor", "mybucket", true)]
    [InlineData("qingstor", "short", false)]
    [InlineData("qingstor", "dotted.bucket", false)]
    [InlineData("qingstor", "-bucket", false)]
    [InlineData("jss", "oss-example", true)]
    [InlineData("jss", "oss.example", false)]
    [InlineData("jss", "oss-example-", false)]
    [InlineData("jss", "OSS", false)]
    public void NamesAreAcceptedByTheDialectsRules(string dialect, string name, bool valid) =>
        Assert.Equal(valid, Rules(dialect).IsValid(name));
}

using System.Xml.Linq;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.S3;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Lifecycle rules on their own: which objects and uploads a filter takes (prefix, tags, sizes), when a rule falls due
/// (S3's midnight rounding, the test-only short day), which of several rules answers, and which configurations S3 refuses
/// with which error, from the XML document an SDK sends.
/// </summary>
public sealed class LifecycleRuleTests
{
    private static readonly TimeSpan Day = LifecycleConfiguration.CalendarDay;

    private static TagSet? Tags(string? pairs) => pairs is null ? null
        : new TagSet(pairs.Split(',').Select(p => p.Split('=')).Select(kv => new Tag(kv[0], kv[1])).ToList());

    public static TheoryData<string, string, long, string?, bool> FilterCases => new()
    {
        // filter (prefix|tags|gt|lt), key, size, object tags, matches
        { "logs/|||", "logs/a", 1, null, true },
        { "logs/|||", "other/a", 1, null, false },
        { "|env=dev||", "a", 1, "env=dev,team=x", true },
        { "|env=dev||", "a", 1, "env=prod", false },
        { "|env=dev||", "a", 1, null, false },
        { "|env=dev,team=x||", "a", 1, "team=x,env=dev", true },
        { "|env=dev,team=x||", "a", 1, "env=dev", false },
        { "||100|", "a", 101, null, true },
        { "||100|", "a", 100, null, false },
        { "|||100", "a", 99, null, true },
        { "|||100", "a", 100, null, false },
        { "tmp/|env=dev|10|1000", "tmp/x", 500, "env=dev", true },
        { "tmp/|env=dev|10|1000", "tmp/x", 5, "env=dev", false },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void AFilterTakesWhatItNames(string filter, string key, long size, string? objectTags, bool matches)
    {
        var f = filter.Split('|');
        var rule = new LifecycleFilter
        {
            Prefix = f[0],
            Tags = Tags(f[1].Length == 0 ? null : f[1])?.Tags ?? [],
            ObjectSizeGreaterThan = f[2].Length == 0 ? null : long.Parse(f[2]),
            ObjectSizeLessThan = f[3].Length == 0 ? null : long.Parse(f[3]),
        };
        Assert.Equal(matches, rule.Matches(key, size, Tags(objectTags)));
    }

    [Theory]
    [InlineData("2026-03-01T10:15:00Z", 1, "2026-03-03T00:00:00Z")]
    [InlineData("2026-03-01T00:00:00Z", 1, "2026-03-02T00:00:00Z")]
    [InlineData("2026-03-01T23:59:59Z", 30, "2026-04-01T00:00:00Z")]
    public void CalendarDaysEndAtTheNextMidnightUtc(string start, int days, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due), LifecycleConfiguration.DueAfter(DateTimeOffset.Parse(start), days, Day));

    [Fact]
    public void AShortTestDayIsNotRounded() =>
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T10:15:30Z"), LifecycleConfiguration.DueAfter(DateTimeOffset.Parse("2026-03-01T10:15:00Z"), 3, TimeSpan.FromSeconds(10)));

    [Fact]
    public void TheEarliestEnabledRuleAnswers()
    {
        var rules = new LifecycleConfiguration(
        [
            new LifecycleRule { Id = "late", Enabled = true, ExpirationDays = 30 },
            new LifecycleRule { Id = "off", Enabled = false, ExpirationDays = 1 },
            new LifecycleRule { Id = "soon", Enabled = true, ExpirationDays = 2, Filter = new LifecycleFilter { Prefix = "logs/" } },
            new LifecycleRule { Id = "abort", Enabled = true, AbortIncompleteUploadDays = 3, Filter = new LifecycleFilter { Prefix = "logs/" } },
        ]);
        var written = DateTimeOffset.Parse("2026-03-01T10:00:00Z");
        Assert.Equal(new LifecycleDue(DateTimeOffset.Parse("2026-03-04T00:00:00Z"), "soon"), rules.ObjectExpiry("logs/a", 1, null, written, Day));
        Assert.Equal("late", rules.ObjectExpiry("data/a", 1, null, written, Day)?.RuleId);
        Assert.Equal(new LifecycleDue(DateTimeOffset.Parse("2026-03-05T00:00:00Z"), "abort"), rules.UploadAbort("logs/a", written, Day));
        Assert.Null(rules.UploadAbort("data/a", written, Day));
    }

    private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static LifecycleConfiguration Parse(string rules) =>
        S3Parser.LifecycleConfigurationOf(XElement.Parse($"<LifecycleConfiguration xmlns=\"{Ns}\">{rules}</LifecycleConfiguration>"));

    [Theory]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>enabled</Status><Expiration><Days>1</Days></Expiration></Rule>", MultipartError.MalformedDocument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Filter><Prefix>b/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>", MultipartError.MalformedDocument)]
    [InlineData("<Rule><ID>r</ID><Filter><Prefix>b/</Prefix><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>", MultipartError.MalformedDocument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Date>20200101</Date></Expiration></Rule>", MultipartError.MalformedDocument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule>", MultipartError.InvalidArgument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Date>2026-01-01T10:00:00Z</Date></Expiration></Rule>", MultipartError.InvalidArgument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule><Rule><ID>r</ID><Prefix>b/</Prefix><Status>Enabled</Status><Expiration><Days>2</Days></Expiration></Rule>", MultipartError.InvalidArgument)]
    [InlineData("<Rule><ID>r</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>", MultipartError.InvalidRequest)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status></Rule>", MultipartError.InvalidRequest)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>", MultipartError.MalformedDocument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Transition><Date>1970-08-23T01:08:47Z</Date><StorageClass>GLACIER</StorageClass></Transition></Rule>", MultipartError.InvalidArgument)]
    [InlineData("<Rule><ID>r</ID><Prefix>a/</Prefix><Status>Enabled</Status><Transition><Date>2030-01-01T00:00:00Z</Date><StorageClass>GLACIER</StorageClass></Transition></Rule>", MultipartError.NotImplemented)]
    public void ARefusedConfigurationNamesS3sError(string rules, MultipartError error) =>
        Assert.Equal(error, Assert.Throws<DialectException>(() => Parse(rules)).Error);

    [Fact]
    public void AnIdOfMoreThan255CharactersIsRefused() =>
        Assert.Equal(MultipartError.InvalidArgument, Assert.Throws<DialectException>(() => Parse($"<Rule><ID>{new string('a', 256)}</ID><Prefix>a/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>")).Error);

    [Fact]
    public void EveryElementIsRead()
    {
        var rules = Parse("""
            <Rule><Filter><And><Prefix>logs/</Prefix><Tag><Key>env</Key><Value>dev</Value></Tag><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan></And></Filter>
              <Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>
              <NoncurrentVersionExpiration><NoncurrentDays>3</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration></Rule>
            <Rule><ID>abort</ID><Filter></Filter><Status>Disabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
            """).Rules;
        Assert.NotEmpty(rules[0].Id); // S3 names a rule sent without an ID
        Assert.Equal(new LifecycleFilter { Prefix = "logs/", Tags = rules[0].Filter.Tags, ObjectSizeGreaterThan = 10, Form = LifecycleFilterForm.And }, rules[0].Filter);
        Assert.Equal([new Tag("env", "dev")], rules[0].Filter.Tags);
        Assert.Equal(DateTimeOffset.Parse("2030-01-01T00:00:00Z"), rules[0].ExpirationDate);
        Assert.Equal((3, 2), (rules[0].NoncurrentDays, rules[0].NewerNoncurrentVersions));
        Assert.Equal(("abort", false, 7, ""), (rules[1].Id, rules[1].Enabled, rules[1].AbortIncompleteUploadDays, rules[1].Filter.Prefix));
    }
}

using Orleans.Multipart.Grains;

namespace Orleans.Multipart.Tests.Unit;

public sealed class CompletionPlannerTests
{
    private const long MiB = 1024 * 1024;

    private static PartInfo Part(int number, long size, string etag) => new(number, size, etag, "b" + number, DateTimeOffset.UnixEpoch);

    private static string Md5Of(byte value, long size) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Enumerable.Repeat(value, (int)size).ToArray()));

    [Fact]
    public void MultipartETagMatchesTheDocumentedVector()
    {
        // dialects.md: three 5 MiB parts of 'A', 'B', 'C'.
        var etag = CompletionPlanner.MultipartETag([Md5Of((byte)'A', 5 * MiB), Md5Of((byte)'B', 5 * MiB), Md5Of((byte)'C', 5 * MiB)]);
        Assert.Equal("b2add96cc9702bbf4efb0ccdfc6b7747-3", etag);
    }

    [Fact]
    public void SubsetWithGapsIsAllowedUnderS3Rules()
    {
        var stored = new[] { Part(1, 5 * MiB, "aa"), Part(2, 5 * MiB, "bb"), Part(3, 1, "cc") };
        var plan = CompletionPlanner.Plan([new(1, "\"aa\""), new(3, "cc")], stored, CompletionRules.Standard);
        Assert.Equal([1, 3], plan.Listed.Select(p => p.PartNumber));
        Assert.Equal(5 * MiB + 1, plan.Size);
        Assert.EndsWith("-2", plan.ETag);
    }

    [Theory]
    [InlineData(new[] { 2, 1 }, MultipartError.InvalidPartOrder)]
    [InlineData(new[] { 1, 1 }, MultipartError.InvalidPartOrder)]
    [InlineData(new[] { 1, 4 }, MultipartError.InvalidPart)]
    public void BadListsAreRefused(int[] numbers, MultipartError expected)
    {
        var stored = new[] { Part(1, 5 * MiB, "aa"), Part(2, 5 * MiB, "bb"), Part(3, 5 * MiB, "cc") };
        var ex = Assert.Throws<MultipartException>(() => CompletionPlanner.Plan(numbers.Select(n => new CompletePart(n, null)).ToList(), stored, CompletionRules.Standard));
        Assert.Equal(expected, ex.Error);
    }

    [Fact]
    public void WrongETagIsInvalidPart()
    {
        var ex = Assert.Throws<MultipartException>(() => CompletionPlanner.Plan([new(1, "\"00\"")], [Part(1, 1, "aa")], CompletionRules.Standard));
        Assert.Equal(MultipartError.InvalidPart, ex.Error);
    }

    [Fact]
    public void SmallPartButTheLastIsEntityTooSmall()
    {
        var stored = new[] { Part(1, 5 * MiB - 1, "aa"), Part(2, 1, "bb") };
        var ex = Assert.Throws<MultipartException>(() => CompletionPlanner.Plan([new(1, null), new(2, null)], stored, CompletionRules.Standard));
        Assert.Equal(MultipartError.EntityTooSmall, ex.Error);
    }

    [Fact]
    public void ConsecutiveRuleRefusesGaps()
    {
        var stored = new[] { Part(1, MiB, "aa"), Part(2, MiB, "bb"), Part(3, MiB, "cc") };
        var rules = new CompletionRules(1_000_000, RequireConsecutive: true);
        Assert.Equal(MultipartError.InvalidPart, Assert.Throws<MultipartException>(() => CompletionPlanner.Plan([new(1, null), new(3, null)], stored, rules)).Error);
        Assert.Equal(3, CompletionPlanner.Plan([new(1, null), new(2, null), new(3, null)], stored, rules).Listed.Count);
    }

    [Fact]
    public void EmptyListIsRefused()
    {
        Assert.Equal(MultipartError.MalformedRequest, Assert.Throws<MultipartException>(() => CompletionPlanner.Plan([], [Part(1, 1, "aa")], CompletionRules.Standard)).Error);
    }
}

using Orleans.Multipart.Grains;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Which Complete requests on a completed upload repeat the one that won (the parts the object kept are 1 "aa" and 3 "cc").</summary>
public sealed class CompletionRepeatTests
{
    private static readonly PartInfo[] Kept = [new(1, 10, "aa", "b1", DateTimeOffset.UnixEpoch), new(3, 10, "cc", "b3", DateTimeOffset.UnixEpoch)];

    [Theory]
    [InlineData("1:\"aa\" 3:\"cc\"", true)]
    [InlineData("1:AA 3:cc", true)]
    [InlineData("1:- 3:-", true)]
    [InlineData("1:aa", false)]
    [InlineData("1:aa 3:cc 4:dd", false)]
    [InlineData("1:aa 2:cc", false)]
    [InlineData("1:aa 3:dd", false)]
    [InlineData("3:cc 1:aa", false)]
    [InlineData("", false)]
    public void ListRepeatsTheWinnerOnlyWhenItNamesTheSameParts(string list, bool repeats)
    {
        var requested = list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .Select(p => new CompletePart(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p[1] == "-" ? null : p[1]))
            .ToList();
        Assert.Equal(repeats, CompletionPlanner.Repeats(requested, Kept));
    }

    [Fact]
    public void NothingRepeatsAnObjectWhosePartsAreGone() =>
        Assert.False(CompletionPlanner.Repeats([new(1, "aa"), new(3, "cc")], []));
}

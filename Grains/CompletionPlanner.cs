using System.Security.Cryptography;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>The Complete rules: the client's part list checked against the stored parts. Pure; runs inside the store's transaction.</summary>
public static class CompletionPlanner
{
    public const int MaxPartNumber = 10_000;

    public static CompletionPlan Plan(IReadOnlyList<CompletePart> requested, IReadOnlyList<PartInfo> stored, CompletionRules rules)
    {
        if (requested.Count == 0)
        {
            throw new MultipartException(MultipartError.MalformedRequest, "You must specify at least one part");
        }

        var byNumber = new Dictionary<int, PartInfo>(stored.Count);
        foreach (var part in stored)
        {
            byNumber[part.PartNumber] = part;
        }

        // Order first: a descending list is InvalidPartOrder even where it also has gaps.
        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].PartNumber <= requested[i - 1].PartNumber)
            {
                throw new MultipartException(MultipartError.InvalidPartOrder, "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }
        }

        var listed = new List<PartInfo>(requested.Count);
        var previous = 0;
        foreach (var want in requested)
        {

            if (rules.RequireConsecutive && want.PartNumber != previous + 1)
            {
                throw new MultipartException(MultipartError.InvalidPart, $"Part numbers must be consecutive from 1; part {previous + 1} is missing.");
            }

            if (!byNumber.TryGetValue(want.PartNumber, out var part) || (want.ETag is not null && !SameETag(want.ETag, part.ETag)))
            {
                throw new MultipartException(MultipartError.InvalidPart, $"One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag. (part {want.PartNumber})");
            }

            listed.Add(part);
            previous = want.PartNumber;
        }

        for (var i = 0; i < listed.Count - 1; i++)
        {
            if (listed[i].Size < rules.MinPartSize)
            {
                throw new MultipartException(MultipartError.EntityTooSmall, $"Your proposed upload is smaller than the minimum allowed size. Part {listed[i].PartNumber} is {listed[i].Size} bytes; the minimum is {rules.MinPartSize}.");
            }
        }

        return new CompletionPlan(listed, rules.ObjectETag ?? MultipartETag(listed.Select(p => p.ETag)), listed.Sum(p => p.Size));
    }

    /// <summary>
    /// Whether a Complete of an already completed upload repeats the one that won: the same part numbers
    /// in the same order, each listed ETag matching, as the parts the object <paramref name="kept"/>.
    /// </summary>
    public static bool Repeats(IReadOnlyList<CompletePart> requested, IReadOnlyList<PartInfo> kept) =>
        requested.Count == kept.Count
        && requested.Zip(kept).All(p => p.First.PartNumber == p.Second.PartNumber && (p.First.ETag is null || SameETag(p.First.ETag, p.Second.ETag)));

    /// <summary>hex(md5(md5(part1) || ... || md5(partN))) + "-N", the S3 multipart ETag.</summary>
    public static string MultipartETag(IEnumerable<string> partMd5Hex)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var count = 0;
        foreach (var hex in partMd5Hex)
        {
            md5.AppendData(Convert.FromHexString(hex));
            count++;
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset()) + "-" + count;
    }

    private static bool SameETag(string given, string stored) =>
        string.Equals(given.Trim().Trim('"'), stored, StringComparison.OrdinalIgnoreCase);
}

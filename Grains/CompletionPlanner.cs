using System.Security.Cryptography;
using Orleans.Multipart.Grains.Checksums;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>The Complete rules: the client's part list checked against the stored parts. Pure; runs inside the store's transaction.</summary>
public static class CompletionPlanner
{
    public static CompletionPlan Plan(IReadOnlyList<CompletePart> requested, IReadOnlyList<PartInfo> stored, CompletionRules rules)
    {
        if (requested.Count == 0)
        {
            throw new MultipartException(MultipartError.MalformedRequest, "You must specify at least one part");
        }

        // The limits hold for callers that bypass the gateway too (it refuses such lists before a grain is asked).
        if (requested.Count > ObjectLimits.MaxPartNumber)
        {
            throw new MultipartException(MultipartError.TooManyParts, $"A Complete lists at most {ObjectLimits.MaxPartNumber} parts; this one lists {requested.Count}.");
        }

        if (requested.FirstOrDefault(p => p.PartNumber is < 1 or > ObjectLimits.MaxPartNumber) is { } outOfRange)
        {
            throw new MultipartException(MultipartError.InvalidPart, $"Part number {outOfRange.PartNumber} is outside 1..{ObjectLimits.MaxPartNumber}; no such part can exist.");
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

            if (!byNumber.TryGetValue(want.PartNumber, out var part) || (want.ETag is not null && !SameETag(want.ETag, part.ETag))
                || (want.Checksum is not null && !want.Checksum.SameAs(part.Checksum)))
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

        return new CompletionPlan(listed, rules.ObjectETag ?? MultipartETag(listed.Select(p => p.ETag)), listed.Sum(p => p.Size), ObjectChecksum(requested, listed, rules));
    }

    /// <summary>
    /// The object's checksum from the listed parts' checksums (null when the upload declared no
    /// algorithm), checked against the one the client expects. A composite upload needs every part's
    /// checksum in the request (S3: InvalidRequest naming the first part without one).
    /// </summary>
    private static ObjectChecksum? ObjectChecksum(IReadOnlyList<CompletePart> requested, IReadOnlyList<PartInfo> listed, CompletionRules rules)
    {
        if (rules.ChecksumAlgorithm is not { } algorithm)
        {
            return rules.ExpectedChecksum is { } unexpected
                ? throw new MultipartException(MultipartError.InvalidRequest, $"The upload was not created with a checksum algorithm: the {Name(unexpected.Algorithm)} checksum cannot be checked.")
                : null;
        }

        var type = rules.ChecksumType ?? ChecksumValue.DefaultType(algorithm);
        if (type == ChecksumCombination.Composite && rules.RequirePartChecksums && requested.FirstOrDefault(p => p.Checksum is null) is { } missing)
        {
            throw new MultipartException(MultipartError.InvalidRequest, $"The upload was created using a {Name(algorithm)} checksum. The complete request must include the checksum for each part. It was missing for part {missing.PartNumber} in the request.");
        }

        var parts = new List<(ChecksumValue, long)>(listed.Count);
        foreach (var part in listed)
        {
            parts.Add(part.Checksum is { } checksum && checksum.Algorithm == algorithm
                ? (checksum, part.Size)
                : throw new MultipartException(MultipartError.InvalidRequest, $"The upload was created using a {Name(algorithm)} checksum, and part {part.PartNumber} has none."));
        }

        var combined = ObjectChecksums.Combine(algorithm, type, parts);
        if (rules.ExpectedChecksum is { } expected)
        {
            if (expected.Algorithm != algorithm)
            {
                throw new MultipartException(MultipartError.InvalidRequest, $"The upload was created using a {Name(algorithm)} checksum; a {Name(expected.Algorithm)} checksum cannot be checked against it.");
            }

            if (!expected.Value.AsSpan().SequenceEqual(combined.Value))
            {
                throw MultipartException.ChecksumMismatch(Name(algorithm));
            }
        }

        return combined;
    }

    private static string Name(FlexibleChecksumAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

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

namespace Orleans.Multipart;

/// <summary>How a rule's filter was written, so that GetBucketLifecycleConfiguration answers it in the same form.</summary>
public enum LifecycleFilterForm
{
    /// <summary>A <c>Filter</c> element with at most one condition (or none: every object).</summary>
    Filter = 0,

    /// <summary>The legacy rule-level <c>Prefix</c> (no <c>Filter</c> element).</summary>
    LegacyPrefix = 1,

    /// <summary>A <c>Filter</c> holding an <c>And</c> of conditions.</summary>
    And = 2,
}

/// <summary>
/// Which objects and uploads a lifecycle rule applies to (S3's LifecycleRuleFilter): a key prefix, tags the
/// object must all carry, and object size bounds (exclusive). An empty filter matches everything.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.LifecycleFilter")]
public sealed record LifecycleFilter
{
    [Id(0)] public string Prefix { get; init; } = "";

    [Id(1)] public IReadOnlyList<Tag> Tags { get; init; } = [];

    [Id(2)] public long? ObjectSizeGreaterThan { get; init; }

    [Id(3)] public long? ObjectSizeLessThan { get; init; }

    [Id(4)] public LifecycleFilterForm Form { get; init; }

    /// <summary>True when an object of this key, size and tags (null: none) is one the rule applies to.</summary>
    public bool Matches(string key, long size, TagSet? tags) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        && (ObjectSizeGreaterThan is not { } greater || size > greater)
        && (ObjectSizeLessThan is not { } less || size < less)
        && Tags.All(t => tags?.Contains(t.Key, t.Value) == true);

    /// <summary>True when an open upload of this key is one the rule applies to: uploads have no size yet, and tag filters never apply to them (S3 refuses that rule).</summary>
    public bool MatchesUpload(string key) => Tags.Count == 0 && key.StartsWith(Prefix, StringComparison.Ordinal);
}

/// <summary>
/// One lifecycle rule of a bucket (S3's LifecycleRule). Days count from an object's last modification or an
/// upload's initiation; an <see cref="ExpirationDate"/> is a UTC midnight after which every matching object expires.
/// <see cref="NoncurrentDays"/>, <see cref="NewerNoncurrentVersions"/> and <see cref="ExpiredObjectDeleteMarker"/>
/// concern versions: stored and answered, acted on where the bucket keeps versions.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.LifecycleRule")]
public sealed record LifecycleRule
{
    [Id(0)] public string Id { get; init; } = "";

    [Id(1)] public bool Enabled { get; init; }

    [Id(2)] public LifecycleFilter Filter { get; init; } = new();

    [Id(3)] public int? AbortIncompleteUploadDays { get; init; }

    [Id(4)] public int? ExpirationDays { get; init; }

    [Id(5)] public DateTimeOffset? ExpirationDate { get; init; }

    [Id(6)] public bool? ExpiredObjectDeleteMarker { get; init; }

    [Id(7)] public int? NoncurrentDays { get; init; }

    [Id(8)] public int? NewerNoncurrentVersions { get; init; }

    /// <summary>True when the rule expires current objects (by days or by date).</summary>
    public bool ExpiresObjects => ExpirationDays is not null || ExpirationDate is not null;
}

/// <summary>What a rule check decided: when it happens and which rule says so (the x-amz-expiration and x-amz-abort-* headers).</summary>
[GenerateSerializer, Immutable, Alias("omp.LifecycleDue")]
public sealed record LifecycleDue([property: Id(0)] DateTimeOffset At, [property: Id(1)] string RuleId);

/// <summary>A bucket's lifecycle configuration: its rules, in the order given.</summary>
[GenerateSerializer, Immutable, Alias("omp.LifecycleConfiguration")]
public sealed record LifecycleConfiguration([property: Id(0)] IReadOnlyList<LifecycleRule> Rules)
{
    /// <summary>S3's limit on rules per configuration.</summary>
    public const int MaxRules = 1000;

    /// <summary>S3's limit on a rule ID's length.</summary>
    public const int MaxIdLength = 255;

    /// <summary>A real day: due dates are then rounded up to the next midnight UTC, as S3 does.</summary>
    public static readonly TimeSpan CalendarDay = TimeSpan.FromDays(1);

    /// <summary>
    /// The first rule broken, with the S3 error it answers (InvalidArgument or InvalidRequest), or null when the
    /// configuration can be stored. Shape errors (an unknown Status, a malformed date) are the parser's MalformedXML.
    /// </summary>
    public (MultipartError Error, string Message)? Problem()
    {
        if (Rules.Count is 0 or > MaxRules)
        {
            return (MultipartError.MalformedDocument, $"A lifecycle configuration holds 1 to {MaxRules} rules.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            if (rule.Id.Length > MaxIdLength)
            {
                return (MultipartError.InvalidArgument, $"ID length should not exceed allowed limit of {MaxIdLength}");
            }

            if (!ids.Add(rule.Id))
            {
                return (MultipartError.InvalidArgument, "Rule ID must be unique. Found same ID for more than one rule");
            }

            if (rule.ExpirationDays <= 0 || rule.AbortIncompleteUploadDays <= 0 || rule.NoncurrentDays <= 0 || rule.NewerNoncurrentVersions <= 0)
            {
                return (MultipartError.InvalidArgument, "'Days' for Expiration, AbortIncompleteMultipartUpload and NoncurrentVersionExpiration must be a positive integer");
            }

            if (rule.ExpirationDate is { } date && date.UtcTicks % TimeSpan.TicksPerDay != 0)
            {
                return (MultipartError.InvalidArgument, "'Date' must be at midnight GMT");
            }

            if (rule.ExpirationDays is not null && rule.ExpirationDate is not null
                || rule.ExpiredObjectDeleteMarker is not null && rule.ExpiresObjects)
            {
                return (MultipartError.MalformedDocument, "An Expiration holds one of Days, Date and ExpiredObjectDeleteMarker.");
            }

            if (!rule.ExpiresObjects && rule.ExpiredObjectDeleteMarker is null && rule.AbortIncompleteUploadDays is null && rule.NoncurrentDays is null)
            {
                return (MultipartError.InvalidRequest, "At least one action needs to be specified in a rule");
            }

            if (rule.AbortIncompleteUploadDays is not null && (rule.Filter.Tags.Count > 0 || rule.Filter.ObjectSizeGreaterThan is not null || rule.Filter.ObjectSizeLessThan is not null))
            {
                return (MultipartError.InvalidRequest, "AbortIncompleteMultipartUpload cannot be specified with a Tag or ObjectSize filter.");
            }

            if (rule.Filter is { ObjectSizeGreaterThan: { } greater, ObjectSizeLessThan: { } less } && greater >= less
                || rule.Filter.ObjectSizeGreaterThan < 0 || rule.Filter.ObjectSizeLessThan <= 0)
            {
                return (MultipartError.InvalidArgument, "ObjectSizeGreaterThan must be less than ObjectSizeLessThan, and both non-negative.");
            }

            if (rule.Filter.Tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != rule.Filter.Tags.Count)
            {
                return (MultipartError.InvalidArgument, "Duplicate Tag Keys are not allowed.");
            }
        }

        return null;
    }

    /// <summary>
    /// When <paramref name="days"/> days after <paramref name="start"/> falls: with calendar days, the next
    /// midnight UTC after start + days (S3's rounding); with the test-only shorter day, start + days × day, unrounded.
    /// </summary>
    public static DateTimeOffset DueAfter(DateTimeOffset start, int days, TimeSpan dayLength)
    {
        if (dayLength != CalendarDay)
        {
            return start + dayLength * days;
        }

        var end = start.ToUniversalTime().AddDays(days);
        var midnight = new DateTimeOffset(end.Date, TimeSpan.Zero);
        return midnight == end ? midnight : midnight.AddDays(1);
    }

    /// <summary>When an object of this key, size and tags, last modified then, expires under the enabled rules (the earliest), or null when none expires it.</summary>
    public LifecycleDue? ObjectExpiry(string key, long size, TagSet? tags, DateTimeOffset lastModified, TimeSpan dayLength)
    {
        LifecycleDue? first = null;
        foreach (var rule in Rules)
        {
            if (!rule.Enabled || !rule.ExpiresObjects || !rule.Filter.Matches(key, size, tags))
            {
                continue;
            }

            var at = rule.ExpirationDate ?? DueAfter(lastModified, rule.ExpirationDays!.Value, dayLength);
            if (first is null || at < first.At)
            {
                first = new LifecycleDue(at, rule.Id);
            }
        }

        return first;
    }

    /// <summary>When an upload of this key, initiated then, is aborted under the enabled rules (the earliest), or null when no rule aborts it.</summary>
    public LifecycleDue? UploadAbort(string key, DateTimeOffset initiated, TimeSpan dayLength)
    {
        LifecycleDue? first = null;
        foreach (var rule in Rules)
        {
            if (!rule.Enabled || rule.AbortIncompleteUploadDays is not { } days || !rule.Filter.MatchesUpload(key))
            {
                continue;
            }

            var at = DueAfter(initiated, days, dayLength);
            if (first is null || at < first.At)
            {
                first = new LifecycleDue(at, rule.Id);
            }
        }

        return first;
    }
    /// <summary>
    /// When a noncurrent version of this key, size and tags, noncurrent since then (its successor's write) with
    /// <paramref name="newerNoncurrent"/> noncurrent versions newer than it, expires under the enabled
    /// NoncurrentVersionExpiration rules (the earliest), or null when none expires it: a rule with NewerNoncurrentVersions
    /// keeps that many newest noncurrent versions whatever their age.
    /// </summary>
    public LifecycleDue? NoncurrentExpiry(string key, long size, TagSet? tags, DateTimeOffset noncurrentSince, int newerNoncurrent, TimeSpan dayLength)
    {
        LifecycleDue? first = null;
        foreach (var rule in Rules)
        {
            if (!rule.Enabled || rule.NoncurrentDays is not { } days || newerNoncurrent < (rule.NewerNoncurrentVersions ?? 0) || !rule.Filter.Matches(key, size, tags))
            {
                continue;
            }

            var at = DueAfter(noncurrentSince, days, dayLength);
            if (first is null || at < first.At)
            {
                first = new LifecycleDue(at, rule.Id);
            }
        }

        return first;
    }

    /// <summary>
    /// When a delete marker of this key, written then, that is its key's only version is removed (the earliest), or null:
    /// at once under ExpiredObjectDeleteMarker, and under an Expiration of Days once that many days passed since the
    /// marker (S3 and RGW clean up such markers with a Days rule too). A marker has no tags and size 0: a rule filtering
    /// by tag never removes one.
    /// </summary>
    public LifecycleDue? DeleteMarkerExpiry(string key, DateTimeOffset written, TimeSpan dayLength)
    {
        LifecycleDue? first = null;
        foreach (var rule in Rules)
        {
            if (!rule.Enabled || !rule.Filter.Matches(key, 0, null))
            {
                continue;
            }

            DateTimeOffset? at = rule.ExpiredObjectDeleteMarker == true ? written
                : rule.ExpirationDays is { } days ? DueAfter(written, days, dayLength)
                : null;
            if (at is { } due && (first is null || due < first.At))
            {
                first = new LifecycleDue(due, rule.Id);
            }
        }

        return first;
    }

    /// <summary>True when some enabled rule acts on noncurrent versions or lone delete markers (the sweep's version pass is needed).</summary>
    public bool ActsOnVersions => Rules.Any(r => r.Enabled && (r.NoncurrentDays is not null || r.ExpiredObjectDeleteMarker == true || r.ExpirationDays is not null));
}

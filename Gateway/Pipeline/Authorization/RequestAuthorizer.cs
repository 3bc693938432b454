namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Authorizes a parsed operation for its caller, before any body byte is read: the operation's catalogue
/// action is decided by <see cref="AccessEvaluator"/> against the bucket's owner, ACL and policy (from the
/// <see cref="BucketAccessCache"/>), or as a service action (CreateBucket, ListBuckets). Object reads a
/// bucket does not allow are decided by the object's own ACL; a copy also needs s3:GetObject on its
/// source. A refusal is AccessDenied in the caller's dialect, audited; DeleteObjects is decided key by key, and
/// the keys refused travel with the operation to its result (S3 refuses them there, not the request).
/// Administrators pass without a lookup, and a caller allowed by a bucket read within the last second costs no
/// grain call.
/// </summary>
internal sealed class RequestAuthorizer(BucketAccessCache buckets, ObjectFrontend frontend, AccessAudit audit)
{
    private const string GetObjectAction = "s3:GetObject";
    private const string GetObjectVersionAction = "s3:GetObjectVersion";
    private const string DeleteObjectVersionAction = "s3:DeleteObjectVersion";
    private const string ListBucketAction = "s3:ListBucket";
    private const string PutObjectTaggingAction = "s3:PutObjectTagging";

    /// <summary>S3's header naming the account the caller expects to own the bucket: any other owner refuses the request.</summary>
    private const string ExpectedBucketOwnerHeader = "x-amz-expected-bucket-owner";

    /// <summary>The condition key prefix naming a tag of the object a request acts on (<c>s3:ExistingObjectTag/&lt;key&gt;</c>).</summary>
    private const string ExistingObjectTagKey = "s3:ExistingObjectTag/";

    /// <summary>
    /// Throws AccessDenied (<see cref="DialectException"/>) when <paramref name="caller"/> may not run <paramref name="operation"/>;
    /// returns the operation to run: <paramref name="operation"/> itself, or a <see cref="DeleteObjects"/> naming the keys refused.
    /// </summary>
    public ValueTask<Operation> AuthorizeAsync(HttpContext context, string dialect, Caller caller, Operation operation, string action)
    {
        if (caller.Principal.IsAdmin)
        {
            // An administrator passes without a lookup, unless it names the owner it expects (then the bucket is read).
            return context.Request.Headers.ContainsKey(ExpectedBucketOwnerHeader) && operation is BucketOperation expecting and not CreateBucket
                ? ExpectedOwnerOnlyAsync(context, dialect, caller, expecting, action)
                : ValueTask.FromResult(operation);
        }

        // Creating a bucket is decided before the bucket exists (its grain refuses another account's name).
        if (operation is not BucketOperation onBucket || operation is CreateBucket)
        {
            var decision = AccessEvaluator.EvaluateService(caller.Principal, action);
            return decision == AccessDecision.Allow
                ? ValueTask.FromResult(operation)
                : throw Refuse(context, dialect, caller, action, (operation as BucketOperation)?.Bucket ?? "*", null, decision);
        }

        return OnBucketAsync(context, dialect, caller, onBucket, action);
    }

    /// <summary>
    /// Whether a NoSuchKey answer to <paramref name="operation"/> must become AccessDenied: S3 reveals that a
    /// key does not exist only to callers that may list the bucket.
    /// </summary>
    public async ValueTask<bool> ConcealsMissingKeyAsync(HttpContext context, Caller caller, Operation operation)
    {
        if (caller.Principal.IsAdmin || operation is not (GetObject or GetObjectAttributes))
        {
            return false;
        }

        var read = (ObjectOperation)operation;
        return await buckets.GetAsync(read.Bucket) is { } access
            && AccessEvaluator.Evaluate(ListingOf(Request(context, caller, GetObjectAction, read.Bucket, read.Key, access, operation), read.Key), access) != AccessDecision.Allow;
    }

    /// <summary>Forgets what is cached of a bucket whose owner, grants or policy the operation changed (or that it created or deleted).</summary>
    public void Changed(Operation operation, string action)
    {
        if (operation is BucketOperation onBucket && action is "s3:CreateBucket" or "s3:DeleteBucket" or "s3:PutBucketAcl" or "s3:PutBucketPolicy" or "s3:DeleteBucketPolicy")
        {
            buckets.Forget(onBucket.Bucket);
        }
    }

    private async ValueTask<Operation> OnBucketAsync(HttpContext context, string dialect, Caller caller, BucketOperation operation, string action)
    {
        // A bucket that does not exist: NoSuchBucket, which S3 tells anyone — answered here, before the
        // operation's handler could read a body into a bucket that is not there.
        if (await buckets.GetAsync(operation.Bucket) is not { } access)
        {
            throw MultipartError.NoSuchBucket.Error();
        }

        RefuseOtherOwner(context, dialect, caller, action, operation, access);
        if (operation is DeleteObjects many)
        {
            return await EachKeyAsync(context, dialect, caller, action, many, access);
        }

        await DecideAsync(context, dialect, caller, action, operation.Bucket, (operation as ObjectOperation)?.Key, access, operation);

        // A write that tags what it creates also needs s3:PutObjectTagging (AWS): s3:PutObject alone stores no tags.
        if (WritesTags(operation) && operation is ObjectOperation tagged)
        {
            await DecideAsync(context, dialect, caller, PutObjectTaggingAction, operation.Bucket, tagged.Key, access, operation);
        }

        // A copy reads its source as a GET would: a source named by version needs s3:GetObjectVersion, as AWS checks.
        var source = operation switch
        {
            CopyObject copy => copy.Source,
            UploadPartCopy partCopy => partCopy.Source,
            _ => null,
        };
        if (source is not null && await buckets.GetAsync(source.Bucket) is { } sourceAccess)
        {
            var read = source.VersionId is null ? GetObjectAction : GetObjectVersionAction;
            await DecideAsync(context, dialect, caller, read, source.Bucket, source.Key, sourceAccess, operation, source.VersionId);
        }

        return operation;
    }

    private async ValueTask<Operation> ExpectedOwnerOnlyAsync(HttpContext context, string dialect, Caller caller, BucketOperation operation, string action)
    {
        if (await buckets.GetAsync(operation.Bucket) is { } access)
        {
            RefuseOtherOwner(context, dialect, caller, action, operation, access);
        }

        return operation;
    }

    /// <summary>
    /// x-amz-expected-bucket-owner naming an account that does not own the bucket: 403 AccessDenied whoever asks, before
    /// anything is read or written (S3's guard against writing into a bucket that changed hands).
    /// </summary>
    private void RefuseOtherOwner(HttpContext context, string dialect, Caller caller, string action, BucketOperation operation, BucketAccess access)
    {
        if (context.Request.Headers.TryGetValue(ExpectedBucketOwnerHeader, out var expected) && !string.Equals(expected.ToString(), access.Owner, StringComparison.Ordinal))
        {
            throw Refuse(context, dialect, caller, action, operation.Bucket, (operation as ObjectOperation)?.Key, AccessDecision.NotAllowed);
        }
    }

    /// <summary>
    /// DeleteObjects: AWS authorizes it by s3:DeleteObject on each key (a policy may name keys) and answers a key
    /// the caller may not delete with an &lt;Error&gt; AccessDenied in the result, deleting the others: the request
    /// itself is not refused, even when every key is (a 200 that names each key, as S3 answers another account).
    /// Each refused key is audited as a refusal of its own.
    /// </summary>
    private async ValueTask<Operation> EachKeyAsync(HttpContext context, string dialect, Caller caller, string action, DeleteObjects many, BucketAccess access)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < many.Keys.Count; i++)
        {
            var key = many.Keys[i];
            if (refused.Contains(key))
            {
                continue;
            }

            // A key named with its version is deleted for good: AWS checks s3:DeleteObjectVersion for it.
            var keyAction = many.VersionIds?[i] is not null ? DeleteObjectVersionAction : action;
            var decision = await DecisionAsync(context, caller, keyAction, many.Bucket, key, access, many);
            if (decision != AccessDecision.Allow)
            {
                audit.Refused(dialect, caller.Principal, keyAction, many.Bucket, key, decision, RequestRecord.Of(context).RequestId);
                refused.Add(key);
            }
        }

        return refused.Count == 0 ? many : many with { Refused = refused };
    }

    private async ValueTask DecideAsync(HttpContext context, string dialect, Caller caller, string action, string bucket, string? key, BucketAccess access, Operation operation, string? versionId = null)
    {
        var decision = await DecisionAsync(context, caller, action, bucket, key, access, operation, versionId ?? (operation as INamesVersion)?.VersionId);
        if (decision != AccessDecision.Allow)
        {
            throw Refuse(context, dialect, caller, action, bucket, key, decision);
        }
    }

    /// <param name="versionId">The version the request names (its object ACL is that version's), or null: the current object.</param>
    private async ValueTask<AccessDecision> DecisionAsync(HttpContext context, Caller caller, string action, string bucket, string? key, BucketAccess access, Operation operation, string? versionId = null)
    {
        var request = Request(context, caller, action, bucket, key, access, operation);
        if (key is not null && request.Conditions is { } conditions && access.Policy is { } policy && policy.Document.Contains(ExistingObjectTagKey, StringComparison.OrdinalIgnoreCase))
        {
            request = request with { Conditions = await WithExistingObjectTagsAsync(conditions, bucket, key) };
        }

        var decision = AccessEvaluator.Evaluate(request, access);
        if (decision == AccessDecision.NotAllowed && key is not null
            && AccessEvaluator.AclPermissions.TryGetValue(action, out var needed) && needed.OnObject)
        {
            // Not the bucket's owner and no statement allows it: the object's ACL may (its writer has full control).
            if (await ObjectOrVersionAsync(bucket, key, versionId) is { } manifest)
            {
                var acl = manifest.Settings.Acl ?? AccessControlList.Private(ObjectOwner(manifest.Settings.Owner, access));
                decision = AccessEvaluator.Evaluate(request, access, acl);
            }
            else if (AccessEvaluator.Evaluate(ListingOf(request, key), access) == AccessDecision.Allow)
            {
                // No such key, and the caller may list the bucket: the operation answers NoSuchKey, as S3 does.
                return AccessDecision.Allow;
            }
        }

        return decision;
    }

    /// <summary>The current object, or the version named when it is an object (a delete marker or a malformed ID has no ACL: null).</summary>
    private async Task<ObjectManifest?> ObjectOrVersionAsync(string bucket, string key, string? versionId)
    {
        var grain = frontend.Object(bucket, key);
        if (versionId is null)
        {
            return await grain.Get();
        }

        return VersionIds.IsWellFormed(versionId) ? (await grain.GetVersion(versionId))?.Manifest : null;
    }

    /// <summary>
    /// The conditions with the object's tags as <c>s3:ExistingObjectTag/&lt;key&gt;</c>: read only where the bucket's policy
    /// names such a key (one object read), none when the key has no object (a condition on them then does not hold).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> WithExistingObjectTagsAsync(IReadOnlyDictionary<string, string> conditions, string bucket, string key)
    {
        var tags = await frontend.Object(bucket, key).GetTags();
        if (tags is not { Tags.Count: > 0 })
        {
            return conditions;
        }

        var withTags = new Dictionary<string, string>(conditions, StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags.Tags)
        {
            withTags[ExistingObjectTagKey + tag.Key] = tag.Value;
        }

        return withTags;
    }

    /// <summary>Whether the operation writes tags along with the object it creates (x-amz-tagging, POST Object's tagging field).</summary>
    private static bool WritesTags(Operation operation) => operation switch
    {
        PutObject put => put.Settings.Tags is not null,
        InitiateUpload initiate => initiate.Settings.Tags is not null,
        CopyObject copy => copy.Source is { ReplaceTags: true, Tags: not null },
        _ => false,
    };

    /// <summary>
    /// The listing a read of a missing key is judged by (S3 answers 404 rather than 403 to a caller with s3:ListBucket):
    /// the one that would show the key, with <c>s3:prefix</c> the key itself. A caller whom a policy lets list only
    /// under a prefix thus learns of a missing key under it no more than listing that prefix would tell it.
    /// </summary>
    private static AccessRequest ListingOf(AccessRequest read, string key)
    {
        Dictionary<string, string>? conditions = null;
        if (read.Conditions is not null)
        {
            conditions = new Dictionary<string, string>(read.Conditions, StringComparer.OrdinalIgnoreCase) { [AccessConditions.Prefix] = key };
        }

        return read with { Action = ListBucketAction, Key = null, Conditions = conditions };
    }

    /// <summary>
    /// Who owns an object: its writer; what was written before accounts is root's, and what an anonymous caller
    /// wrote (through a grant to everyone) is the bucket owner's, so that no unsigned caller owns anything.
    /// </summary>
    private static string ObjectOwner(string? writer, BucketAccess bucket) => writer switch
    {
        null => AccountIds.Root,
        AccountIds.Anonymous => bucket.Owner,
        _ => writer,
    };

    private static AccessRequest Request(HttpContext context, Caller caller, string action, string bucket, string? key, BucketAccess access, Operation operation) =>
        new(caller.Principal, action, bucket, key, context.Connection.RemoteIpAddress,
            // Only a policy reads conditions: a bucket without one costs no dictionary.
            access.Policy is null ? null : AccessConditions.Of(context.Request, operation));

    private DialectException Refuse(HttpContext context, string dialect, Caller caller, string action, string bucket, string? key, AccessDecision decision)
    {
        audit.Refused(dialect, caller.Principal, action, bucket, key, decision, RequestRecord.Of(context).RequestId);
        return new DialectException(MultipartError.AccessDenied, "Access Denied");
    }
}

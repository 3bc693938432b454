using System.Net;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The served subset of S3's bucket-policy language: what it refuses (with the reason), what each element and operator matches, and how its answer feeds the access decision.</summary>
public sealed class BucketPolicyTests
{
    private const string Bucket = "photos";

    private static readonly Principal Alice = new("alice", "AKALICE");
    private static readonly Principal Bob = new("bob", "AKBOB");

    [Theory]
    [InlineData("", "first byte must be '{'")]
    [InlineData("[]", "first byte must be '{'")]
    [InlineData("{\"Statement\": [", "first byte must be '{'")]
    [InlineData("{\"Version\": \"2012-10-17\"}", "Missing required field Statement")]
    [InlineData("{\"Statement\": []}", "Missing required field Statement")]
    [InlineData("{\"Version\": \"2020-01-01\", \"Statement\": {STATEMENT}}", "Invalid Version")]
    [InlineData("{\"Policy\": 1, \"Statement\": {STATEMENT}}", "Unknown field Policy")]
    [InlineData("{\"Statement\": {\"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Missing required field Effect")]
    [InlineData("{\"Statement\": {\"Effect\": \"Maybe\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Invalid effect: Maybe")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Missing required field Principal")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"alice\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Invalid principal in policy")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"logs.amazonaws.com\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Invalid principal in policy")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::alice:role/x\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Invalid principal in policy")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"anonymous\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Invalid principal in policy")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Missing required field Action")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"NotAction\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "both Action and NotAction")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"iam:CreateUser\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Policy has invalid action: iam:CreateUser")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:Get Object\", \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Policy has invalid action")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": [], \"Resource\": \"arn:aws:s3:::photos/*\"}}", "Action may not be empty")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\"}}", "Missing required field Resource")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::videos/*\"}}", "Policy has invalid resource")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photosx/*\"}}", "Policy has invalid resource")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:iam:::photos\"}}", "Policy has invalid resource")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Extra\": 1}}", "Unknown field Extra in statement")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"StringFoo\": {\"s3:prefix\": \"a\"}}}}", "Invalid Condition type : StringFoo")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"ForAnyValue:StringLike\": {\"s3:prefix\": \"a\"}}}}", "Invalid Condition type")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"StringEquals,StringLike\": {\"s3:prefix\": \"a\"}}}}", "Invalid Condition type")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"4\": {\"s3:prefix\": \"a\"}}}}", "Invalid Condition type")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"NullIfExists\": {\"s3:prefix\": \"true\"}}}}", "Invalid Condition type")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"StringLike\": {\"prefix\": \"a\"}}}}", "invalid condition key: prefix")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"IpAddress\": {\"s3:prefix\": \"10.0.0.0/8\"}}}}", "takes only the aws:SourceIp key")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"StringEquals\": {\"aws:SourceIp\": \"10.0.0.1\"}}}}", "takes only the IpAddress, NotIpAddress and Null operators")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/33\"}}}}", "Invalid IP address or CIDR range")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": \"ten\"}}}}", "takes numbers")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"maybe\"}}}}", "one value, true or false")]
    [InlineData("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"StringLike\": {\"s3:prefix\": []}}}}", "has no values")]
    [InlineData("{\"Statement\": [{STATEMENT_SID}, {STATEMENT_SID}]}", "must be unique: one")]
    public void MalformedDocumentsAreRefusedWithTheReason(string document, string reason)
    {
        const string statement = "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}";
        document = document.Replace("{STATEMENT}", statement).Replace("{STATEMENT_SID}", statement[..^1] + ", \"Sid\": \"one\"}");
        var error = Assert.Throws<MultipartException>(() => BucketPolicy.Parse(document, Bucket));
        Assert.Equal(MultipartError.MalformedPolicy, error.Error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentOverTwentyKilobytesIsRefused()
    {
        var sids = string.Join(",", Enumerable.Range(0, 400).Select(i => $"{{\"Sid\": \"s{i}\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}"));
        var error = Assert.Throws<MultipartException>(() => BucketPolicy.Parse($"{{\"Statement\": [{sids}]}}", Bucket));
        Assert.Contains("maximum allowed document size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Principals
    [InlineData("\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "anonymous", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("{\"AWS\": \"*\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "anonymous", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("{\"AWS\": \"alice\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "alice", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("{\"AWS\": \"alice\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.None)]
    [InlineData("{\"AWS\": \"alice\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "anonymous", "s3:GetObject", "a.jpg", PolicyEffect.None)]
    [InlineData("{\"AWS\": \"arn:aws:iam::alice:root\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "alice", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("{\"AWS\": [\"arn:aws:iam:::user/bob\", \"carol\"]}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("{\"CanonicalUser\": \"alice\"}", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"", "alice", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    // Actions: case-insensitive, * and ?, s3:* and *
    [InlineData("\"*\"", "\"s3:getobject\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:Get*\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:Get*\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:PutObject", "a.jpg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:Get?bject\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:Get?Object\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:AbortMultipartUpload", "a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"*\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:ListMultipartUploadParts", "a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "[\"s3:PutObject\", \"s3:AbortMultipartUpload\"]", "\"arn:aws:s3:::photos/*\"", "bob", "s3:AbortMultipartUpload", "a.jpg", PolicyEffect.Allow)]
    // Resources: the bucket's ARN for bucket actions, bucket/key for object actions, case-sensitive, * and ?
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos\"", "bob", "s3:ListBucket", null, PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos\"", "bob", "s3:GetObject", "a.jpg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/*\"", "bob", "s3:ListBucket", null, PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/public/*\"", "bob", "s3:GetObject", "public/a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/public/*\"", "bob", "s3:GetObject", "private/a.jpg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/public/*\"", "bob", "s3:GetObject", "PUBLIC/a.jpg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/public/a.jpg\"", "bob", "s3:GetObject", "public/a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/public/a.jpg\"", "bob", "s3:GetObject", "public/a.jpgx", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/*.jp?\"", "bob", "s3:GetObject", "dir/a.jpg", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos/*.jp?\"", "bob", "s3:GetObject", "dir/a.jpeg", PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos*\"", "bob", "s3:ListBucket", null, PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos*\"", "bob", "s3:GetObject", "a", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::pho?os/*\"", "bob", "s3:GetObject", "a", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::*/*\"", "bob", "s3:GetObject", "a", PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::*/*\"", "bob", "s3:ListBucket", null, PolicyEffect.None)]
    [InlineData("\"*\"", "\"s3:*\"", "\"*\"", "bob", "s3:ListBucket", null, PolicyEffect.Allow)]
    [InlineData("\"*\"", "\"s3:*\"", "[\"arn:aws:s3:::photos\", \"arn:aws:s3:::photos/*\"]", "bob", "s3:DeleteObject", "x/y/z", PolicyEffect.Allow)]
    public void StatementsMatchPrincipalActionAndResource(string principal, string action, string resource, string caller, string requestAction, string? key, PolicyEffect expected)
    {
        var policy = BucketPolicy.Parse(Statement("Allow", principal, action, resource), Bucket);
        Assert.Equal(expected, policy.Evaluate(Request(caller, requestAction, key)));
    }

    [Theory]
    [InlineData("NotAction", "\"s3:DeleteObject\"", "s3:PutObject", "a", PolicyEffect.Allow)]
    [InlineData("NotAction", "\"s3:DeleteObject\"", "s3:DeleteObject", "a", PolicyEffect.None)]
    [InlineData("NotAction", "[\"s3:Delete*\", \"s3:Abort*\"]", "s3:AbortMultipartUpload", "a", PolicyEffect.None)]
    [InlineData("NotResource", "\"arn:aws:s3:::photos/secret/*\"", "s3:GetObject", "secret/a", PolicyEffect.None)]
    [InlineData("NotResource", "\"arn:aws:s3:::photos/secret/*\"", "s3:GetObject", "public/a", PolicyEffect.Allow)]
    [InlineData("NotResource", "\"arn:aws:s3:::photos/secret/*\"", "s3:ListBucket", null, PolicyEffect.Allow)]
    public void NegatedElementsMatchEverythingElse(string element, string value, string requestAction, string? key, PolicyEffect expected)
    {
        var action = element == "NotAction" ? $"\"NotAction\": {value}" : "\"Action\": \"s3:*\"";
        var resource = element == "NotResource" ? $"\"NotResource\": {value}" : "\"Resource\": \"arn:aws:s3:::photos/*\"";
        var document = $"{{\"Statement\": {{\"Effect\": \"Allow\", \"Principal\": \"*\", {action}, {resource}}}}}";
        Assert.Equal(expected, BucketPolicy.Parse(document, Bucket).Evaluate(Request("bob", requestAction, key)));
    }

    [Theory]
    [InlineData("bob", PolicyEffect.Deny)]
    [InlineData("alice", PolicyEffect.None)]
    [InlineData("anonymous", PolicyEffect.Deny)]
    public void NotPrincipalAppliesToEveryoneElse(string caller, PolicyEffect expected)
    {
        const string document = "{\"Statement\": {\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"alice\"}, \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::photos/*\"}}";
        Assert.Equal(expected, BucketPolicy.Parse(document, Bucket).Evaluate(Request(caller, "s3:GetObject", "a")));
    }

    [Theory]
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"home/\"}}", "s3:prefix=home/", null, true)]
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"home/\"}}", "s3:prefix=home", null, false)]
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"home/\"}}", "", null, false)] // a missing key fails a positive operator
    [InlineData("{\"StringEquals\": {\"s3:prefix\": [\"home/\", \"shared/\"]}}", "s3:prefix=shared/", null, true)] // values are alternatives
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"a*\"}}", "s3:prefix=abc", null, false)] // StringEquals has no wildcards
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"a*\"}}", "s3:prefix=a*", null, true)]
    [InlineData("{\"StringEquals\": {\"s3:prefix\": \"Home/\"}}", "s3:prefix=home/", null, false)] // case-sensitive
    [InlineData("{\"StringEqualsIgnoreCase\": {\"s3:prefix\": \"Home/\"}}", "s3:prefix=home/", null, true)]
    [InlineData("{\"StringNotEquals\": {\"s3:prefix\": \"secret/\"}}", "s3:prefix=home/", null, true)]
    [InlineData("{\"StringNotEquals\": {\"s3:prefix\": \"secret/\"}}", "s3:prefix=secret/", null, false)]
    [InlineData("{\"StringNotEquals\": {\"s3:prefix\": \"secret/\"}}", "", null, true)] // a missing key passes a negated operator
    [InlineData("{\"StringNotEqualsIgnoreCase\": {\"s3:prefix\": \"SECRET/\"}}", "s3:prefix=secret/", null, false)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\"}}", "s3:prefix=home/alice/", null, true)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\"}}", "s3:prefix=homework", null, false)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/?\"}}", "s3:prefix=home/a", null, true)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"Home/*\"}}", "s3:prefix=home/a", null, false)]
    [InlineData("{\"StringNotLike\": {\"s3:prefix\": \"secret*\"}}", "s3:prefix=secret/a", null, false)]
    [InlineData("{\"StringNotLike\": {\"s3:prefix\": \"secret*\"}}", "s3:prefix=public/", null, true)]
    [InlineData("{\"StringEqualsIfExists\": {\"s3:prefix\": \"home/\"}}", "", null, true)]
    [InlineData("{\"StringEqualsIfExists\": {\"s3:prefix\": \"home/\"}}", "s3:prefix=x", null, false)]
    [InlineData("{\"StringEquals\": {\"S3:Prefix\": \"home/\"}}", "s3:prefix=home/", null, true)] // keys compare case-insensitively
    [InlineData("{\"StringEquals\": {\"s3:x-amz-acl\": \"bucket-owner-full-control\"}}", "s3:x-amz-acl=bucket-owner-full-control", null, true)]
    [InlineData("{\"StringEquals\": {\"s3:x-amz-acl\": \"bucket-owner-full-control\"}}", "s3:x-amz-acl=public-read", null, false)]
    [InlineData("{\"StringEquals\": {\"s3:delimiter\": \"/\"}}", "s3:delimiter=/", null, true)]
    [InlineData("{\"NumericLessThanEquals\": {\"s3:max-keys\": \"100\"}}", "s3:max-keys=50", null, true)]
    [InlineData("{\"NumericLessThanEquals\": {\"s3:max-keys\": 100}}", "s3:max-keys=100", null, true)]
    [InlineData("{\"NumericLessThanEquals\": {\"s3:max-keys\": \"100\"}}", "s3:max-keys=500", null, false)]
    [InlineData("{\"NumericLessThan\": {\"s3:max-keys\": \"100\"}}", "s3:max-keys=100", null, false)]
    [InlineData("{\"NumericGreaterThan\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=11", null, true)]
    [InlineData("{\"NumericGreaterThanEquals\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=9", null, false)]
    [InlineData("{\"NumericEquals\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=10", null, true)]
    [InlineData("{\"NumericNotEquals\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=10", null, false)]
    [InlineData("{\"NumericNotEquals\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=11", null, true)]
    [InlineData("{\"NumericEquals\": {\"s3:max-keys\": \"10\"}}", "s3:max-keys=ten", null, false)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"192.168.1.0/24\"}}", "", "192.168.1.7", true)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"192.168.1.0/24\"}}", "", "192.168.2.7", false)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"192.168.1.0/24\"}}", "", "::ffff:192.168.1.7", true)] // a dual-stack socket's IPv4 caller
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"192.168.1.0/24\"}}", "", null, false)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": [\"10.0.0.0/8\", \"2001:db8::/32\"]}}", "", "2001:db8::1", true)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": [\"10.0.0.0/8\", \"2001:db8::/32\"]}}", "", "2001:db9::1", false)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.5\"}}", "", "203.0.113.5", true)]
    [InlineData("{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.5\"}}", "", "203.0.113.6", false)]
    [InlineData("{\"NotIpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", "", "10.1.2.3", false)]
    [InlineData("{\"NotIpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", "", "192.168.0.1", true)]
    [InlineData("{\"Bool\": {\"aws:SecureTransport\": \"false\"}}", "aws:SecureTransport=false", null, true)]
    [InlineData("{\"Bool\": {\"aws:SecureTransport\": false}}", "aws:SecureTransport=true", null, false)]
    [InlineData("{\"Null\": {\"s3:prefix\": \"true\"}}", "", null, true)]
    [InlineData("{\"Null\": {\"s3:prefix\": \"true\"}}", "s3:prefix=a", null, false)]
    [InlineData("{\"Null\": {\"s3:prefix\": \"false\"}}", "s3:prefix=a", null, true)]
    [InlineData("{\"Null\": {\"aws:SourceIp\": \"false\"}}", "", "10.0.0.1", true)]
    [InlineData("{\"StringEquals\": {\"aws:PrincipalAccount\": \"bob\"}}", "", null, true)] // the caller is bob
    [InlineData("{\"StringEquals\": {\"aws:PrincipalAccount\": \"alice\"}}", "", null, false)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\"}, \"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", "s3:prefix=home/a", "10.0.0.1", true)] // operators are all required
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\"}, \"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", "s3:prefix=home/a", "11.0.0.1", false)]
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\", \"s3:delimiter\": \"/\"}}", "s3:prefix=home/a", null, false)] // so are keys
    [InlineData("{\"StringLike\": {\"s3:prefix\": \"home/*\", \"s3:delimiter\": \"/\"}}", "s3:prefix=home/a&s3:delimiter=/", null, true)]
    public void ConditionOperators(string condition, string conditions, string? sourceIp, bool applies)
    {
        var document = $"{{\"Statement\": {{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::photos\", \"Condition\": {condition}}}}}";
        var values = conditions.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var request = new AccessRequest(Bob, "s3:ListBucket", Bucket, null, sourceIp is null ? null : IPAddress.Parse(sourceIp), values);
        Assert.Equal(applies ? PolicyEffect.Allow : PolicyEffect.None, BucketPolicy.Parse(document, Bucket).Evaluate(request));
    }

    [Theory]
    [InlineData("s3:DeleteObject", PolicyEffect.Deny)]
    [InlineData("s3:GetObject", PolicyEffect.Allow)]
    [InlineData("s3:PutObject", PolicyEffect.Allow)]
    public void AnExplicitDenyBeatsAnyAllowWhateverTheOrder(string action, PolicyEffect expected)
    {
        const string allow = "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::photos/*\"}";
        const string deny = "{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"bob\"}, \"Action\": \"s3:Delete*\", \"Resource\": \"arn:aws:s3:::photos/*\"}";
        Assert.Equal(expected, BucketPolicy.Parse($"{{\"Statement\": [{allow}, {deny}]}}", Bucket).Evaluate(Request("bob", action, "a")));
        Assert.Equal(expected, BucketPolicy.Parse($"{{\"Statement\": [{deny}, {allow}]}}", Bucket).Evaluate(Request("bob", action, "a")));
    }

    [Theory]
    [InlineData("Allow", "\"*\"", "", true)]
    [InlineData("Allow", "{\"AWS\": \"*\"}", "", true)]
    [InlineData("Allow", "{\"AWS\": \"alice\"}", "", false)]
    [InlineData("Deny", "\"*\"", "", false)]
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", false)] // a fixed source range
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"0.0.0.0/0\"}}", true)] // the whole Internet
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"NotIpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}", true)]
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"StringLike\": {\"s3:prefix\": \"public/*\"}}", true)] // narrows what, not who
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"alice\"}}", false)]
    [InlineData("Allow", "\"*\"", ", \"Condition\": {\"StringLike\": {\"aws:SourceAccount\": \"*\"}}", true)]
    public void IsPublicFollowsS3sRule(string effect, string principal, string condition, bool expected)
    {
        var document = $"{{\"Statement\": {{\"Effect\": \"{effect}\", \"Principal\": {principal}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"{condition}}}}}";
        Assert.Equal(expected, BucketPolicy.Parse(document, Bucket).IsPublic);
    }

    private const string NotPrincipalAllow = "{\"Statement\": {\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"alice\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}}";

    /// <summary>IAM supports NotPrincipal only with Effect Deny: an Allow naming it is refused when written.</summary>
    [Fact]
    public void NotPrincipalInAnAllowIsMalformed() =>
        Assert.Equal(MultipartError.MalformedPolicy, Assert.Throws<MultipartException>(() => BucketPolicy.Parse(NotPrincipalAllow, Bucket)).Error);

    /// <summary>One stored before that check keeps the meaning it was accepted with (an Allow to everyone else: public).</summary>
    [Fact]
    public void AStoredNotPrincipalAllowIsPublic() => Assert.True(new BucketPolicy(NotPrincipalAllow).IsPublic);

    [Fact]
    public void ADeserializedCopyEvaluatesLikeTheParsedPolicyAndEqualsIt()
    {
        var document = Statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/public/*\"");
        var parsed = BucketPolicy.Parse(document, Bucket);
        var copy = new BucketPolicy(document); // what Orleans hands a gateway: the document only
        Assert.Equal(parsed, copy);
        Assert.Equal(parsed.GetHashCode(), copy.GetHashCode());
        Assert.Equal(PolicyEffect.Allow, copy.Evaluate(Request("anonymous", "s3:GetObject", "public/a")));
        Assert.Equal(PolicyEffect.None, copy.Evaluate(Request("anonymous", "s3:GetObject", "private/a")));
        Assert.True(copy.IsPublic);
        Assert.False(copy.IsQingStorDocument);
        Assert.Equal(document, copy.ToS3Document(Bucket));
    }

    [Fact]
    public void ACopyWithAnotherDocumentEvaluatesItsOwnDocument()
    {
        var open = BucketPolicy.Parse(Statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\""), Bucket);
        Assert.Equal(PolicyEffect.Allow, open.Evaluate(Request("anonymous", "s3:GetObject", "a")));
        var closed = open with { Document = Statement("Deny", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"") };
        Assert.Equal(PolicyEffect.Deny, closed.Evaluate(Request("anonymous", "s3:GetObject", "a")));
        Assert.NotEqual(open, closed);
    }

    [Fact]
    public void AStoredDocumentThatNoLongerParsesDeniesEveryone()
    {
        var broken = new BucketPolicy("{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\", \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"2030-01-01\"}}}}");
        Assert.Equal(PolicyEffect.Deny, broken.Evaluate(Request("alice", "s3:GetObject", "a")));
        Assert.False(broken.IsPublic);
    }

    [Fact]
    public void EvaluatingAllocatesNothing()
    {
        var policy = BucketPolicy.Parse(
            """
            {"Statement": [
              {"Effect": "Deny", "Principal": "*", "Action": "s3:Delete*", "Resource": "arn:aws:s3:::photos/locked/*"},
              {"Effect": "Allow", "Principal": {"AWS": ["alice", "bob"]}, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::pho?os/*.jpg",
               "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}, "StringNotEquals": {"s3:x-amz-acl": "public-read"}}}
            ]}
            """,
            Bucket);
        var request = new AccessRequest(Bob, "s3:PutObject", Bucket, "album/2026/a.jpg", IPAddress.Parse("10.1.2.3"), new Dictionary<string, string> { ["s3:x-amz-acl"] = "private" });
        Assert.Equal(PolicyEffect.Allow, policy.Evaluate(request));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            _ = policy.Evaluate(request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("alice", "s3:PutObject", "a.jpg", AccessDecision.Allow)] // the owner
    [InlineData("alice", "s3:DeleteBucket", null, AccessDecision.Allow)]
    [InlineData("bob", "s3:GetObject", "a.jpg", AccessDecision.Allow)] // the policy's grant to everyone
    [InlineData("anonymous", "s3:GetObject", "a.jpg", AccessDecision.Allow)]
    [InlineData("bob", "s3:PutObject", "a.jpg", AccessDecision.NotAllowed)]
    [InlineData("anonymous", "s3:ListBucket", null, AccessDecision.NotAllowed)]
    [InlineData("bob", "s3:DeleteObject", "locked/a", AccessDecision.ExplicitDeny)]
    [InlineData("alice", "s3:DeleteObject", "locked/a", AccessDecision.ExplicitDeny)] // a Deny binds the owner too
    [InlineData("root", "s3:DeleteObject", "locked/a", AccessDecision.Allow)] // an administrator passes every check
    public void TheAccessEvaluatorCombinesOwnerPolicyAndAcl(string caller, string action, string? key, AccessDecision expected)
    {
        var policy = BucketPolicy.Parse(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "public-read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"},
              {"Sid": "keep", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::photos/locked/*"}
            ]}
            """,
            Bucket);
        var access = new BucketAccess(Bucket, "alice", AccessControlList.Private("alice"), policy);
        var principal = caller switch
        {
            "anonymous" => Principal.Anonymous,
            "root" => new Principal(AccountIds.Root, "ROOTKEY", IsAdmin: true),
            _ => new Principal(caller, "AK" + caller),
        };
        Assert.Equal(expected, AccessEvaluator.Evaluate(new AccessRequest(principal, action, Bucket, key), access));
    }

    internal static AccessRequest Request(string caller, string action, string? key) =>
        new(caller == "anonymous" ? Principal.Anonymous : caller == "alice" ? Alice : caller == "bob" ? Bob : new Principal(caller, null), action, Bucket, key);

    private static string Statement(string effect, string principal, string action, string resource) =>
        $"{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"{effect}\", \"Principal\": {principal}, \"Action\": {action}, \"Resource\": {resource}}}]}}";
}

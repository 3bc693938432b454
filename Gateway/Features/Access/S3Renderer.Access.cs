using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's ACL and policy answers.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> AccessRenderings() =>
    [
        Rendering.Of<AclDescribed>((context, _, described) => Xml(context, "AccessControlPolicy", w => AccessControlPolicy(w, described))),
        Rendering.Of<Done>((context, _, _) => Empty(context.Response, 200), done => done.Operation is PutBucketAcl or PutObjectAcl),
        Rendering.Of<PolicyDescribed>((context, _, described) => PolicyText.WriteAsync(context, described.Policy.ToS3Document(described.Operation.Bucket))),
        Rendering.Of<PolicyStatusDescribed>((context, _, status) => Xml(context, "PolicyStatus", w => w.Element("IsPublic", status.IsPublic))),
    ];

    /// <summary>
    /// An AccessControlPolicy in the element order of S3's GetBucketAcl/GetObjectAcl response syntax: the owner, then each
    /// grant with its typed Grantee (CanonicalUser by account id, with the account's display name; Group by URI).
    /// Group grants come first, then account grants, each in the order stored: S3 defines no order, RGW lists groups
    /// first (its grants are kept by grantee id, a group's being empty), and ceph/s3-tests compares lists in that order.
    /// </summary>
    internal static void AccessControlPolicy(XmlWriter w, AclDescribed described)
    {
        var acl = described.Acl;
        w.Group("Owner", () =>
        {
            w.Element("ID", acl.Owner);
            w.Element("DisplayName", described.DisplayName(acl.Owner));
        });
        w.Group("AccessControlList", () =>
        {
            foreach (var grant in acl.Grants.Where(g => g.Grantee.Kind != GranteeKind.Account).Concat(acl.Grants.Where(g => g.Grantee.Kind == GranteeKind.Account)))
            {
                w.Group("Grant", () =>
                {
                    w.WriteStartElement("Grantee");
                    w.WriteAttributeString("xmlns", "xsi", null, S3Grantees.XsiNamespace);
                    if (grant.Grantee.Kind == GranteeKind.Account)
                    {
                        w.WriteAttributeString("xsi", "type", S3Grantees.XsiNamespace, "CanonicalUser");
                        w.Element("ID", grant.Grantee.AccountId);
                        w.Element("DisplayName", described.DisplayName(grant.Grantee.AccountId!));
                    }
                    else
                    {
                        w.WriteAttributeString("xsi", "type", S3Grantees.XsiNamespace, "Group");
                        w.Element("URI", S3Grantees.UriOf(grant.Grantee.Kind));
                    }

                    w.WriteEndElement();
                    w.Element("Permission", S3Grantees.Name(grant.Permission));
                });
            }
        });
    }
}

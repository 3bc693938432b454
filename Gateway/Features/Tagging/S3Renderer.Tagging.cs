using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Renderer
{
    /// <summary>GetObjectTagging / GetBucketTagging answer the Tagging document; PutObjectTagging 200 without a body (the other writes: 204, the default).</summary>
    private static IEnumerable<Rendering> TaggingRenderings() =>
    [
        Rendering.Of<TagsDescribed>((context, _, described) => Xml(context, "Tagging", w => WriteTagSet(w, described.Tags))),
        Rendering.Of<Done>((context, _, _) => Empty(context.Response, 200), done => done.Operation is PutObjectTagging),
    ];

    /// <summary>The tags in the element order of S3's GetObjectTagging response syntax (an empty TagSet when there are none).</summary>
    internal static void WriteTagSet(XmlWriter w, TagSet tags) => w.Group("TagSet", () =>
    {
        foreach (var tag in tags.Tags)
        {
            w.Group("Tag", () =>
            {
                w.Element("Key", tag.Key);
                w.Element("Value", tag.Value);
            });
        }
    });
}

using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Object and bucket tags: read from a Tagging document or the <c>x-amz-tagging</c> header, checked against S3's limits, written as a TagSet.</summary>
internal static class S3Tags
{
    /// <summary>Parses <c>&lt;Tagging&gt;&lt;TagSet&gt;&lt;Tag&gt;&lt;Key/&gt;&lt;Value/&gt;&lt;/Tag&gt;…</c>.</summary>
    public static Dictionary<string, string> ParseDocument(ReadOnlyMemory<byte> body, bool objectTags)
    {
        var document = S3Xml.Parse(body, "Tagging");
        var tagSet = document.Child("TagSet") ?? throw S3Xml.MalformedXml();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tagSet.Children("Tag"))
        {
            var key = tag.ChildValue("Key") ?? throw S3Xml.MalformedXml();
            if (!tags.TryAdd(key, tag.ChildValue("Value") ?? ""))
                throw new AwsServiceException("InvalidTag", "Cannot provide multiple Tags with the same key") { Details = new Dictionary<string, string> { ["TagKey"] = key } };
        }
        Validate(tags, objectTags);
        return tags;
    }

    /// <summary>Parses <c>x-amz-tagging</c> (URL query form <c>k1=v1&amp;k2=v2</c>).</summary>
    public static Dictionary<string, string> ParseHeader(string header)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header.Length == 0) return tags;
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!tags.TryAdd(key, value)) throw new AwsServiceException("InvalidTag", "Cannot provide multiple Tags with the same key");
        }
        Validate(tags, objectTags: true);
        return tags;
    }

    /// <summary>Writes <paramref name="tags"/> as a TagSet element.</summary>
    public static void WriteTagSet(XmlWriter xml, IReadOnlyDictionary<string, string> tags)
    {
        xml.WriteStartElement("TagSet", S3Service.Namespace);
        foreach (var (key, value) in tags)
        {
            xml.WriteStartElement("Tag", S3Service.Namespace);
            xml.Element("Key", key);
            xml.Element("Value", value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>S3's tag limits: at most 10 per object (50 per bucket), keys up to 128 characters, values up to 256.</summary>
    private static void Validate(Dictionary<string, string> tags, bool objectTags)
    {
        if (objectTags && tags.Count > 10) throw new AwsServiceException("BadRequest", "Object tags cannot be greater than 10");
        if (!objectTags && tags.Count > 50) throw new AwsServiceException("InvalidTag", "Bucket tag count cannot be greater than 50");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128) throw new AwsServiceException("InvalidTag", "The TagKey you have provided is too long, max 128");
            if (value.Length > 256) throw new AwsServiceException("InvalidTag", "The TagValue you have provided is too long, max 256");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw new AwsServiceException("InvalidTag", "Your TagKey cannot be prefixed with aws:");
        }
    }
}

using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Reads S3 request documents and writes S3 answers in the 2006-03-01 namespace.</summary>
internal static class S3Xml
{
    private static XmlWriterSettings Settings => XmlValues.WriterSettings;

    /// <summary>
    /// Request documents are read without a DTD (S3 takes none: an entity could expand a few bytes into gigabytes) and
    /// with no resolver, so nothing outside the body is ever fetched.
    /// </summary>
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreProcessingInstructions = true,
        IgnoreComments = true,
    };

    /// <summary>The HTTP-date used in Last-Modified.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="root"/> (in S3's namespace) with the elements <paramref name="body"/> writes.</summary>
    public static Task WriteAsync(HttpContext http, string root, Action<XmlWriter> body, int status = 200)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(root, S3Service.Namespace);
            body(xml);
            xml.WriteEndElement();
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/xml";
        http.Response.ContentLength = buffer.Length;
        return http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }

    /// <summary>Writes an element in S3's namespace.</summary>
    public static void Element(this XmlWriter xml, string name, string? value)
    {
        if (value is not null) xml.WriteElementString(name, S3Service.Namespace, value);
    }

    /// <summary>Writes the Owner element S3 uses everywhere: the canonical id (the account id here) and display name.</summary>
    public static void Owner(this XmlWriter xml, string element, string account)
    {
        xml.WriteStartElement(element, S3Service.Namespace);
        xml.Element("ID", CanonicalId(account));
        xml.Element("DisplayName", account);
        xml.WriteEndElement();
    }

    /// <summary>The canonical user id the emulator gives an account: 64 hex characters derived from the account id.</summary>
    public static string CanonicalId(string account) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("canonical:" + account)));

    /// <summary>Parses a request document; a body that is not XML, or whose root is not <paramref name="root"/>, is MalformedXML.</summary>
    public static XElement Parse(ReadOnlyMemory<byte> body, string root)
    {
        if (body.IsEmpty) throw MalformedXml();
        XElement element;
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            element = XElement.Load(reader, LoadOptions.None);
        }
        catch (XmlException)
        {
            throw MalformedXml();
        }
        if (element.Name.LocalName != root) throw MalformedXml();
        return element;
    }

    /// <summary>The child elements called <paramref name="name"/>, whatever their namespace (clients send S3's or none).</summary>
    public static IEnumerable<XElement> Children(this XElement element, string name) => element.Elements().Where(e => e.Name.LocalName == name);

    /// <summary>The first child called <paramref name="name"/>, or null.</summary>
    public static XElement? Child(this XElement element, string name) => element.Children(name).FirstOrDefault();

    /// <summary>The text of the first child called <paramref name="name"/>, or null.</summary>
    public static string? ChildValue(this XElement element, string name) => element.Child(name)?.Value;

    /// <summary>Copies <paramref name="element"/> into S3's namespace, so stored configuration is answered as S3 writes it.</summary>
    public static XElement Normalize(XElement element) =>
        new(XName.Get(element.Name.LocalName, S3Service.Namespace),
            element.HasElements ? element.Elements().Select(Normalize) : (object)element.Value);

    /// <summary>Writes stored configuration elements (kept as XML text) inside the current element.</summary>
    public static void Raw(this XmlWriter xml, string storedChildren)
    {
        var wrapper = XElement.Parse($"<r xmlns=\"{S3Service.Namespace}\">{storedChildren}</r>");
        foreach (var child in wrapper.Elements()) child.WriteTo(xml);
    }

    /// <summary>The elements <paramref name="children"/> in S3's namespace, as text to store.</summary>
    public static string Store(IEnumerable<XElement> children) =>
        string.Concat(children.Select(c => Normalize(c).ToString(SaveOptions.DisableFormatting)));

    /// <summary>Reads an XML boolean as S3 accepts it (absent is false); MalformedXML otherwise.</summary>
    public static bool ReadBool(string? text) =>
        text is null ? false : text.Trim() switch
        {
            "true" or "TRUE" or "True" => true,
            "false" or "FALSE" or "False" => false,
            _ => throw MalformedXml(),
        };

    /// <summary>Answers with <paramref name="status"/> and no body.</summary>
    public static Task Status(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static AwsServiceException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
}

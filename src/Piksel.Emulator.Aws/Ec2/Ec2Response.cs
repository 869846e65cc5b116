using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// EC2's XML: answers are <c>&lt;OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;&lt;requestId/&gt;…</c>
/// with the members directly inside (no Result wrapper, unlike awsQuery), and errors are
/// <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;</c>.
/// </summary>
public static class Ec2Response
{
    /// <summary>The namespace of API version 2016-11-15, the one every SDK speaks.</summary>
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static XmlWriterSettings Settings => XmlValues.WriterSettings;

    /// <summary>Writes the answer to <paramref name="operation"/>; <paramref name="writeMembers"/> writes the members after requestId.</summary>
    public static Task WriteAsync(HttpContext http, string operation, string requestId, Action<XmlWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartElement(operation + "Response", Namespace);
            xml.WriteElementString("requestId", requestId);
            writeMembers(xml);
            xml.WriteEndElement();
        }
        return Send(http, 200, buffer);
    }

    /// <summary>Writes an error in EC2's shape (no namespace, <c>RequestID</c> with capital ID, as EC2 answers).</summary>
    public static Task WriteErrorAsync(HttpContext http, AwsServiceException error, string requestId)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartElement("Response");
            xml.WriteStartElement("Errors");
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", XmlValues.Printable(error.Message));
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteElementString("RequestID", requestId);
            xml.WriteEndElement();
        }
        return Send(http, (int)error.StatusCode, buffer);
    }

    /// <summary>Writes <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>, EC2's list shape.</summary>
    public static void WriteSet<T>(this XmlWriter xml, string name, IEnumerable<T> items, Action<XmlWriter, T> writeItem)
    {
        xml.WriteStartElement(name);
        foreach (var item in items)
        {
            xml.WriteStartElement("item");
            writeItem(xml, item);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>A <c>tagSet</c> of key/value items.</summary>
    public static void WriteTagSet(this XmlWriter xml, IEnumerable<Ec2Tag> tags) =>
        xml.WriteSet("tagSet", tags, (x, t) =>
        {
            x.WriteElementString("key", t.Key);
            x.WriteElementString("value", t.Value);
        });

    private static Task Send(HttpContext http, int status, MemoryStream buffer)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml;charset=UTF-8";
        return http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }
}

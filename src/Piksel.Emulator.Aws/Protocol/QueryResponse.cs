using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>Writes awsQuery answers: <c>&lt;OpResponse xmlns&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata/&gt;&lt;/OpResponse&gt;</c>.</summary>
public static class QueryResponse
{
    private static XmlWriterSettings Settings => XmlValues.WriterSettings;

    /// <summary>Writes the answer to <paramref name="operation"/>; <paramref name="writeResult"/> writes the elements inside the Result element (null for operations with an empty result).</summary>
    public static Task WriteAsync(HttpContext http, string xmlNamespace, string operation, string requestId, Action<XmlWriter>? writeResult)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartElement(operation + "Response", xmlNamespace);
            if (writeResult is not null)
            {
                xml.WriteStartElement(operation + "Result");
                writeResult(xml);
                xml.WriteEndElement();
            }
            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/xml";
        return http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }

    /// <summary>Writes <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.</summary>
    public static Task WriteErrorAsync(HttpContext http, string xmlNamespace, AwsServiceException error, string requestId)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartElement("ErrorResponse", xmlNamespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", XmlValues.Printable(error.Message));
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }
        http.Response.StatusCode = (int)error.StatusCode;
        http.Response.ContentType = "text/xml";
        return http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c> when the value is not null.</summary>
    public static void WriteOptional(this XmlWriter xml, string name, string? value)
    {
        if (value is not null) xml.WriteElementString(name, value);
    }

    /// <summary>An ISO-8601 UTC timestamp as AWS's XML protocols write them.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

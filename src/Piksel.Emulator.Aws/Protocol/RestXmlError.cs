using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>S3's error body: <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;…&lt;RequestId/&gt;&lt;HostId/&gt;&lt;/Error&gt;</c>.</summary>
public static class RestXmlError
{
    /// <summary>Writes the error (no body for HEAD requests, as S3 does).</summary>
    public static Task WriteAsync(HttpContext http, AwsServiceException error, string requestId)
    {
        http.Response.StatusCode = (int)error.StatusCode;
        http.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(requestId));
        if (HttpMethods.IsHead(http.Request.Method)) return Task.CompletedTask;
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, XmlValues.WriterSettings))
        {
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", XmlValues.Printable(error.Message));
            foreach (var (name, value) in error.Details) xml.WriteElementString(name, XmlValues.Printable(value));
            xml.WriteElementString("RequestId", requestId);
            xml.WriteElementString("HostId", Convert.ToBase64String(Encoding.ASCII.GetBytes(requestId)));
            xml.WriteEndElement();
        }
        http.Response.ContentType = "application/xml";
        return http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }
}

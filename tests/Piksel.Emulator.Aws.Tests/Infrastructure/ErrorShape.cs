using System.Text.Json;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

/// <summary>
/// The error body of each protocol, read the way the SDKs read it: awsQuery <c>ErrorResponse/Error/Code</c>, ec2
/// <c>Response/Errors/Error/Code</c>, awsJson and restJson <c>__type</c> (and <c>x-amzn-ErrorType</c>), S3
/// <c>Error/Code</c>. <see cref="Check"/> says what is wrong with an answer, or null when it is a well-formed error.
/// </summary>
internal static class ErrorShape
{
    /// <summary>The error code of <paramref name="response"/> in <paramref name="protocol"/>'s shape; throws when the body is not one.</summary>
    public static string Code(RawResponse response, AwsProtocol protocol) =>
        Read(response, protocol).Code ?? throw new InvalidOperationException($"No error code in: {response}");

    /// <summary>The error message of <paramref name="response"/>.</summary>
    public static string Message(RawResponse response, AwsProtocol protocol) => Read(response, protocol).Message ?? "";

    /// <summary>The S3 error element <paramref name="name"/> (RequestTime, ArgumentValue…), or null.</summary>
    public static string? S3Element(RawResponse response, string name) =>
        XDocument.Parse(response.Text).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>
    /// Null when <paramref name="response"/> is no 5xx and, when it is an error, carries a well-formed error body in
    /// <paramref name="protocol"/>'s shape with a code; else what is wrong with it. The one 5xx allowed is S3's own
    /// answer to a header or sub-resource that implies what it does not do: 501 NotImplemented (S3's error reference
    /// lists it among the client's errors), in S3's Error document.
    /// </summary>
    public static string? Check(RawResponse response, AwsProtocol protocol, bool head = false)
    {
        if (response.Status == 501 && protocol == AwsProtocol.RestXml && (head || SafeCode(response, protocol) == "NotImplemented")) return null;
        if (response.Status >= 500) return $"a {response.Status}";
        if (response.Status < 400) return null;
        if (head) return response.Body.Length == 0 ? null : "a body on a HEAD error";
        if (response.Body.Length == 0) return "an empty error body";
        try
        {
            return Read(response, protocol).Code is { Length: > 0 } ? null : "an error body without a code";
        }
        catch (Exception e) when (e is System.Xml.XmlException or JsonException or InvalidOperationException)
        {
            return $"an error body that does not parse as {protocol} ({e.Message})";
        }
    }

    private static string? SafeCode(RawResponse response, AwsProtocol protocol)
    {
        try { return Read(response, protocol).Code; }
        catch (Exception e) when (e is System.Xml.XmlException or JsonException or InvalidOperationException) { return null; }
    }

    private static (string? Code, string? Message) Read(RawResponse response, AwsProtocol protocol)
    {
        switch (protocol)
        {
            case AwsProtocol.Json11 or AwsProtocol.RestJson:
                {
                    using var json = JsonDocument.Parse(response.Body);
                    var root = json.RootElement;
                    var code = root.TryGetProperty("__type", out var type) ? type.GetString() : response.Headers.GetValueOrDefault("x-amzn-ErrorType");
                    var message = root.TryGetProperty("message", out var m) ? m.GetString() : root.TryGetProperty("Message", out var big) ? big.GetString() : null;
                    return (code, message);
                }
            case AwsProtocol.Query:
                {
                    var root = XDocument.Parse(response.Text).Root!;
                    if (root.Name.LocalName != "ErrorResponse") throw new InvalidOperationException($"root {root.Name.LocalName}, not ErrorResponse");
                    var error = root.Elements().Single(e => e.Name.LocalName == "Error");
                    return (Child(error, "Code"), Child(error, "Message"));
                }
            case AwsProtocol.Ec2:
                {
                    var root = XDocument.Parse(response.Text).Root!;
                    if (root.Name.LocalName != "Response") throw new InvalidOperationException($"root {root.Name.LocalName}, not Response");
                    var error = root.Element("Errors")!.Element("Error")!;
                    return (Child(error, "Code"), Child(error, "Message"));
                }
            default:
                {
                    var root = XDocument.Parse(response.Text).Root!;
                    if (root.Name.LocalName != "Error") throw new InvalidOperationException($"root {root.Name.LocalName}, not Error");
                    return (Child(root, "Code"), Child(root, "Message"));
                }
        }
    }

    private static string? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// Writes an SQS answer, built once in its JSON shape, in the protocol the request came in: the JSON object as is, or
/// the query protocol's XML, where maps become <c>&lt;Attribute&gt;&lt;Name/&gt;&lt;Value/&gt;&lt;/Attribute&gt;</c> entries and lists
/// are flattened under their members' names (<c>QueueUrls</c> → repeated <c>&lt;QueueUrl&gt;</c>).
/// </summary>
internal static class SqsAnswer
{
    public const string XmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    public static Task WriteAsync(AwsRequestContext context, JsonObject answer)
    {
        if (SqsService.IsJson(context.Http.Request)) return JsonProtocol.WriteAsync(context.Http, answer, "application/x-amz-json-1.0");
        var operation = context.Operation!.Name;
        return QueryResponse.WriteAsync(context.Http, XmlNamespace, operation, context.RequestId,
            answer.Count == 0 ? null : xml => WriteMembers(xml, operation, answer));
    }

    private static void WriteMembers(XmlWriter xml, string operation, JsonObject members)
    {
        foreach (var (name, value) in members)
        {
            switch (name, value)
            {
                case ("Attributes", JsonObject map):
                    WriteMap(xml, "Attribute", "Name", "Value", map);
                    break;
                case ("Tags", JsonObject map):
                    WriteMap(xml, "Tag", "Key", "Value", map);
                    break;
                case ("MessageAttributes", JsonObject map):
                    foreach (var (key, attribute) in map)
                    {
                        xml.WriteStartElement("MessageAttribute");
                        xml.WriteElementString("Name", key);
                        xml.WriteStartElement("Value");
                        WriteMembers(xml, operation, (JsonObject)attribute!);
                        xml.WriteEndElement();
                        xml.WriteEndElement();
                    }
                    break;
                case (_, JsonArray list):
                    var item = ItemName(operation, name);
                    foreach (var element in list)
                    {
                        if (element is JsonObject structure)
                        {
                            xml.WriteStartElement(item);
                            WriteMembers(xml, operation, structure);
                            xml.WriteEndElement();
                        }
                        else
                        {
                            xml.WriteElementString(item, Scalar(element));
                        }
                    }
                    break;
                case (_, JsonObject structure):
                    xml.WriteStartElement(name);
                    WriteMembers(xml, operation, structure);
                    xml.WriteEndElement();
                    break;
                default:
                    xml.WriteElementString(name, Scalar(value));
                    break;
            }
        }
    }

    private static void WriteMap(XmlWriter xml, string entry, string key, string value, JsonObject map)
    {
        foreach (var (k, v) in map)
        {
            xml.WriteStartElement(entry);
            xml.WriteElementString(key, k);
            xml.WriteElementString(value, Scalar(v));
            xml.WriteEndElement();
        }
    }

    /// <summary>The element a flattened list's items are written as.</summary>
    private static string ItemName(string operation, string list) => list switch
    {
        "QueueUrls" => "QueueUrl",
        "Messages" => "Message",
        "Successful" => operation + "ResultEntry",
        "Failed" => "BatchResultErrorEntry",
        _ => list,
    };

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        _ => node.ToJsonString(),
    };
}

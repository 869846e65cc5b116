using System.Text;
using System.Text.Json;

namespace Piksel.Platform.Policies;

/// <summary>
/// Writes and reads policy JSON. Writing is canonical (key order Version, Id, Statement; Sid, Effect, Principal,
/// Action, Resource, Condition; one value as a string, several as an array) so two equal documents give equal
/// text; reading accepts both shapes AWS allows.
/// </summary>
internal static class PolicyJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static string Write(PolicyDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", document.Version);
            if (document.Id is not null)
            {
                writer.WriteString("Id", document.Id);
            }

            writer.WriteStartArray("Statement");
            foreach (var statement in document.Statements)
            {
                WriteStatement(writer, statement);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        if (statement.Sid is not null)
        {
            writer.WriteString("Sid", statement.Sid);
        }

        writer.WriteString("Effect", statement.Effect.ToString());
        if (statement.Principal is { } principal)
        {
            WritePrincipal(writer, principal);
        }

        WriteValues(writer, "Action", statement.Actions);
        WriteValues(writer, "NotAction", statement.NotActions);
        WriteValues(writer, "Resource", statement.Resources);
        WriteValues(writer, "NotResource", statement.NotResources);
        if (statement.Conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (var byOperator in statement.Conditions.GroupBy(c => c.Operator, StringComparer.Ordinal))
            {
                writer.WriteStartObject(byOperator.Key);
                foreach (var condition in byOperator)
                {
                    WriteValues(writer, condition.Key, condition.Values);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, PolicyPrincipal principal)
    {
        if (principal.IsAnyone)
        {
            writer.WriteString("Principal", "*");
            return;
        }

        writer.WriteStartObject("Principal");
        foreach (var (type, ids) in principal.ByType)
        {
            WriteValues(writer, type, ids);
        }

        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static PolicyDocument Read(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        var statements = root.GetProperty("Statement");
        return new PolicyDocument
        {
            Version = root.TryGetProperty("Version", out var version) ? version.GetString()! : "2008-10-17",
            Id = root.TryGetProperty("Id", out var id) ? id.GetString() : null,
            Statements = statements.ValueKind == JsonValueKind.Array
                ? statements.EnumerateArray().Select(ReadStatement).ToArray()
                : [ReadStatement(statements)],
        };
    }

    private static PolicyStatement ReadStatement(JsonElement element) => new()
    {
        Sid = element.TryGetProperty("Sid", out var sid) ? sid.GetString() : null,
        Effect = Enum.Parse<PolicyEffect>(element.GetProperty("Effect").GetString()!),
        Principal = element.TryGetProperty("Principal", out var principal) ? ReadPrincipal(principal) : null,
        Actions = ReadValues(element, "Action"),
        NotActions = ReadValues(element, "NotAction"),
        Resources = ReadValues(element, "Resource"),
        NotResources = ReadValues(element, "NotResource"),
        Conditions = element.TryGetProperty("Condition", out var conditions)
            ? conditions.EnumerateObject()
                .SelectMany(op => op.Value.EnumerateObject().Select(key => new PolicyCondition(op.Name, key.Name, ReadValues(key.Value))))
                .ToArray()
            : [],
    };

    private static PolicyPrincipal ReadPrincipal(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString() == "*" ? PolicyPrincipal.Anyone : PolicyPrincipal.Aws(element.GetString()!)
            : new PolicyPrincipal
            {
                ByType = element.EnumerateObject()
                    .Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Name, ReadValues(p.Value)))
                    .ToArray(),
            };

    private static string[] ReadValues(JsonElement statement, string name) =>
        statement.TryGetProperty(name, out var value) ? ReadValues(value) : [];

    private static string[] ReadValues(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(ScalarText).ToArray()
            : [ScalarText(value)];

    // Condition values may be booleans or numbers in JSON ("aws:SecureTransport": false); IAM compares them as text.
    private static string ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}

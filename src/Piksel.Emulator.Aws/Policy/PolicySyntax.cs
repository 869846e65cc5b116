using System.Text.Json;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// Reads policy JSON into its version, id and statements as written. It is IAM's first check: any element or shape
/// IAM does not know is "Syntax errors in policy.", before any other rule is looked at.
/// </summary>
internal static class PolicySyntax
{
    private static readonly string[] TopElements = ["Version", "Id", "Statement"];

    /// <summary>
    /// The version, id and statements of <paramref name="json"/>; throws <see cref="PolicyParseException"/> on a syntax
    /// error, nesting deeper than 64 and a string with a lone surrogate escape (<c>"\ud800"</c>) included.
    /// </summary>
    public static (string? Version, string? Id, List<RawStatement> Statements) Read(string json)
    {
        try
        {
            return ReadDocument(json);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode a lone surrogate escape when a name or string is read.
            throw Syntax();
        }
    }

    private static (string? Version, string? Id, List<RawStatement> Statements) ReadDocument(string json)
    {
        string? version = null;
        string? id = null;
        var raw = new List<RawStatement>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw Syntax();
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Syntax();
            JsonElement? statement = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!TopElements.Contains(property.Name, StringComparer.Ordinal)) throw Syntax();
                switch (property.Name)
                {
                    case "Version":
                        version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw Syntax();
                        if (version is not ("2012-10-17" or "2008-10-17")) throw Syntax();
                        break;
                    case "Id":
                        id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw Syntax();
                        break;
                    default:
                        statement = property.Value;
                        break;
                }
            }
            switch (statement?.ValueKind)
            {
                case JsonValueKind.Object:
                    raw.Add(ParseStatement(statement.Value));
                    break;
                case JsonValueKind.Array when statement.Value.GetArrayLength() > 0:
                    foreach (var s in statement.Value.EnumerateArray()) raw.Add(ParseStatement(s));
                    break;
                default:
                    throw Syntax();
            }
        }

        return (version, id, raw);
    }

    private static RawStatement ParseStatement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Syntax();
        var s = new RawStatement();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid": s.Sid = value.ValueKind == JsonValueKind.String ? value.GetString() : throw Syntax(); break;
                case "Effect":
                    s.Effect = value.ValueKind == JsonValueKind.String ? value.GetString() : throw Syntax();
                    if (!string.Equals(s.Effect, "Allow", StringComparison.OrdinalIgnoreCase) && !string.Equals(s.Effect, "Deny", StringComparison.OrdinalIgnoreCase))
                        throw Syntax();
                    break;
                case "Action": s.Action = Strings(value); break;
                case "NotAction": s.NotAction = Strings(value); break;
                case "Resource": s.Resource = Strings(value); break;
                case "NotResource": s.NotResource = Strings(value); break;
                case "Principal": s.Principal = Principals(value); break;
                case "NotPrincipal": s.NotPrincipal = Principals(value); break;
                case "Condition": s.Conditions = Conditions(value); break;
                default: throw Syntax();
            }
        }
        if (s.Effect is null || (s.Action is not null && s.NotAction is not null) || (s.Resource is not null && s.NotResource is not null)
            || (s.Principal is not null && s.NotPrincipal is not null))
        {
            throw Syntax();
        }

        return s;
    }

    private static List<string> Strings(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array) throw Syntax();
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Syntax());
        return list;
    }

    private static PolicyPrincipals Principals(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString() == "*" ? new PolicyPrincipals { Everyone = true } : throw Syntax();
        if (value.ValueKind != JsonValueKind.Object) throw Syntax();
        List<string>? aws = null, service = null, federated = null, canonical = null;
        foreach (var property in value.EnumerateObject())
        {
            var list = Strings(property.Value);
            switch (property.Name)
            {
                case "AWS": aws = list; break;
                case "Service": service = list; break;
                case "Federated": federated = list; break;
                case "CanonicalUser": canonical = list; break;
                default: throw Syntax();
            }
        }
        return new PolicyPrincipals { Aws = aws ?? [], Service = service ?? [], Federated = federated ?? [], CanonicalUser = canonical ?? [] };
    }

    private static List<(string, string, List<string>)> Conditions(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Syntax();
        var list = new List<(string, string, List<string>)>();
        foreach (var op in value.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object) throw Syntax();
            var known = PolicyCondition.TryParseOperator(op.Name, out _, out _, out _);
            foreach (var key in op.Value.EnumerateObject())
            {
                if (!known) throw Syntax();
                list.Add((op.Name, key.Name, ConditionValues(key.Value)));
            }
        }
        return list;
    }

    private static List<string> ConditionValues(JsonElement value)
    {
        // IAM accepts JSON booleans and numbers ("aws:SecureTransport": false) as well as strings.
        static string One(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => e.GetRawText(),
            _ => throw Syntax(),
        };
        if (value.ValueKind != JsonValueKind.Array) return [One(value)];
        var list = new List<string>();
        foreach (var item in value.EnumerateArray()) list.Add(One(item));
        return list;
    }

    private static PolicyParseException Syntax() => new("Syntax errors in policy.") { Error = PolicyParseError.Syntax };
}

using System.Text.Json;

namespace Piksel.Emulator.Aws.Policy;

internal sealed partial class PolicyParser
{
    private void ParseSyntax()
    {
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

    private PolicyDocument Compile()
    {
        var variables = version == "2012-10-17";
        var statements = raw.Select(s => new PolicyStatement
        {
            Sid = s.Sid,
            Effect = s.Effect == "Deny" ? PolicyEffect.Deny : PolicyEffect.Allow,
            Actions = s.Action?.Select(a => a.ToLowerInvariant()).ToArray(),
            NotActions = s.NotAction?.Select(a => a.ToLowerInvariant()).ToArray(),
            Resources = s.Resource?.Select(r => PolicyPattern.Compile(r, variables)).ToArray(),
            NotResources = s.NotResource?.Select(r => PolicyPattern.Compile(r, variables)).ToArray(),
            Principal = s.Principal,
            NotPrincipal = s.NotPrincipal,
            Conditions = s.Conditions.Select(c =>
            {
                _ = PolicyCondition.TryParseOperator(c.Operator, out var op, out var set, out var ifExists);
                var withVariables = variables && PolicyCondition.TakesVariables(op);
                return new PolicyCondition
                {
                    Operator = op,
                    Set = set,
                    IfExists = ifExists,
                    Key = c.Key,
                    Values = c.Values.Select(v => PolicyPattern.Compile(v, withVariables)).ToArray(),
                };
            }).ToArray(),
        }).ToArray();
        return new PolicyDocument { Version = version, Id = id, Statements = statements };
    }
}

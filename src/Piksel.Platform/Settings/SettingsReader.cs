using System.Text.Json;

namespace Piksel.Platform.Settings;

/// <summary>Reads typed fields from an environment file's JSON, recording a <see cref="SettingsError"/> for each wrong type.</summary>
internal sealed class SettingsReader(JsonElement root, List<SettingsError> errors)
{
    public bool Has(string field) => root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(new SettingsError(field, $"is {value.GetRawText()}: must be a string"));
        return null;
    }

    public int? Int(string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add(new SettingsError(field, $"is {value.GetRawText()}: must be a whole number"));
        return null;
    }

    public bool? Bool(string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new SettingsError(field, $"is {value.GetRawText()}: must be true or false"));
        return null;
    }

    /// <summary>The string members of an object field; a non-string member is reported without its value (it may be a secret).</summary>
    public IReadOnlyDictionary<string, string> StringMap(string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError(field, "must be an object of name: value pairs"));
            return map;
        }

        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.String)
            {
                map[member.Name] = member.Value.GetString()!;
            }
            else
            {
                errors.Add(new SettingsError($"{field}.{member.Name}", "must be a string"));
            }
        }

        return map;
    }

    public void RejectUnknown(IReadOnlyList<string> known)
    {
        foreach (var member in root.EnumerateObject().Where(m => !known.Contains(m.Name, StringComparer.Ordinal)))
        {
            errors.Add(new SettingsError(member.Name, $"is not a known field; the fields are {string.Join(", ", known)}"));
        }
    }
}

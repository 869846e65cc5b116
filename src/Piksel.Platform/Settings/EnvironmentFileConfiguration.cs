using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Piksel.Platform.Settings;

/// <summary>
/// The environment file as the first configuration layer. Built from the parsed document rather than by the JSON
/// configuration provider because that provider flattens everything to strings and folds names to one case, while the
/// file's rules need both: <c>"vpcCidr": 16</c> is not a string, and <c>vpcCIDR</c> is not a known field.
/// Only the known fields (exact names) become keys; the reader reports the others.
/// </summary>
internal sealed class EnvironmentFileConfiguration : ConfigurationProvider
{
    private readonly Dictionary<string, (string Name, JsonElement Value)> elements = new(StringComparer.OrdinalIgnoreCase);

    public EnvironmentFileConfiguration(JsonElement root, IReadOnlyList<string> known)
    {
        Root = root;
        foreach (var member in root.EnumerateObject().Where(m => known.Contains(m.Name, StringComparer.Ordinal)))
        {
            Add(member.Name, member.Name, member.Value);
        }
    }

    /// <summary>The file's root object, for the checks between fields of the file itself.</summary>
    public JsonElement Root { get; }

    /// <summary>The JSON value behind <paramref name="key"/> (<c>region</c>, <c>manualSecrets:argo-oauth</c>) and its name as written.</summary>
    public bool TryGetElement(string key, out string name, out JsonElement value)
    {
        var found = elements.TryGetValue(key, out var entry);
        (name, value) = entry;
        return found;
    }

    // Keys as the JSON configuration provider makes them (objects a:b, arrays a:0); JSON null is no value at all.
    private void Add(string key, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        elements[key] = (name, value);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    Add(key + ConfigurationPath.KeyDelimiter + member.Name, member.Name, member.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var position = (index++).ToString(CultureInfo.InvariantCulture);
                    Add(key + ConfigurationPath.KeyDelimiter + position, position, item);
                }

                break;
            case JsonValueKind.String:
                Data[key] = value.GetString();
                break;
            default:
                Data[key] = value.GetRawText();
                break;
        }
    }
}

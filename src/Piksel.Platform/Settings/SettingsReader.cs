using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Piksel.Platform.Settings;

/// <summary>
/// Reads typed fields from the configuration layered over an environment file (the file, then each override), recording
/// a <see cref="SettingsError"/> for each wrong type. A value from the file keeps its JSON type checks (<c>16</c> is not a
/// string); an override is text, converted as the configuration binder would, and its errors say where it came from.
/// </summary>
internal sealed class SettingsReader : IDisposable
{
    private readonly EnvironmentFileConfiguration file;
    private readonly IReadOnlyList<OverrideLayer> overrides;
    private readonly List<SettingsError> errors;
    private readonly ConfigurationRoot configuration;
    private readonly Dictionary<string, string> sources = new(StringComparer.OrdinalIgnoreCase);

    public SettingsReader(EnvironmentFileConfiguration file, IReadOnlyList<OverrideLayer> overrides, List<SettingsError> errors)
    {
        this.file = file;
        this.overrides = overrides;
        this.errors = errors;
        configuration = new ConfigurationRoot([file, .. overrides.Select(o => o.Provider)]);
    }

    /// <summary>Where the value of top-level <paramref name="field"/> came from, when an override gave it.</summary>
    public string? SourceOf(string field) => sources.GetValueOrDefault(field);

    public bool Has(string field) => Override(field) is not null || file.TryGetElement(field, out _, out _);

    public string? String(string field)
    {
        if (Override(field) is { } text)
        {
            return text;
        }

        if (!file.TryGetElement(field, out _, out var value))
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
        if (Override(field) is { } text)
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            errors.Add(new SettingsError(field, $"is \"{text}\": must be a whole number", SourceOf(field)));
            return null;
        }

        if (!file.TryGetElement(field, out _, out var value))
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
        if (Override(field) is { } text)
        {
            if (bool.TryParse(text, out var parsed))
            {
                return parsed;
            }

            errors.Add(new SettingsError(field, $"is \"{text}\": must be true or false", SourceOf(field)));
            return null;
        }

        if (!file.TryGetElement(field, out _, out var value))
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

    /// <summary>True when the file itself holds members of object <paramref name="field"/>.</summary>
    public bool InFile(string field) =>
        file.TryGetElement(field, out _, out var value) && value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any();

    /// <summary>
    /// The string members of an object field, the file's first in its order, then those only overrides give; a non-string
    /// member is reported without its value (it may be a secret).
    /// </summary>
    public IReadOnlyList<SettingEntry> StringMap(string field)
    {
        var entries = new List<SettingEntry>();
        var fileIsObject = true;
        if (Override(field) is not null)
        {
            errors.Add(new SettingsError(field, "must be an object of name: value pairs", SourceOf(field)));
        }
        else if (file.TryGetElement(field, out _, out var value) && value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError(field, "must be an object of name: value pairs"));
            fileIsObject = false;
        }

        var inFile = fileIsObject && file.TryGetElement(field, out _, out var members) ? members.EnumerateObject().Select(m => m.Name).ToList() : [];
        var others = configuration.GetSection(field).GetChildren().Select(c => c.Key)
            .Where(k => !inFile.Contains(k, StringComparer.OrdinalIgnoreCase));
        foreach (var name in inFile.Concat(others).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
        {
            var key = ConfigurationPath.Combine(field, name);
            if (Winner(key) is { } layer)
            {
                entries.Add(new SettingEntry(name, configuration[key]!, Origin(layer, key), layer.OnCommandLine));
            }
            else if (file.TryGetElement(key, out var written, out var member) && member.ValueKind == JsonValueKind.String)
            {
                entries.Add(new SettingEntry(written, member.GetString()!, null, false));
            }
            else
            {
                var origin = overrides.LastOrDefault(l => l.ChildNames(key).Any()) is { } nested ? Origin(nested, key) + "__…" : null;
                errors.Add(new SettingsError($"{field}.{name}", "must be a string", origin));
            }
        }

        return entries;
    }

    public void RejectUnknown(IReadOnlyList<string> known)
    {
        foreach (var member in file.Root.EnumerateObject().Where(m => !known.Contains(m.Name, StringComparer.Ordinal)))
        {
            errors.Add(new SettingsError(member.Name, $"is not a known field; the fields are {string.Join(", ", known)}"));
        }

        foreach (var layer in overrides)
        {
            foreach (var name in layer.ChildNames(null))
            {
                if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new SettingsError(name, $"is not a known field; the fields are {string.Join(", ", known)}", layer.Describe(name)));
                }
            }
        }
    }

    public void Dispose() => configuration.Dispose();

    // The value an override gives a top-level field (the last layer that has it wins, as in IConfiguration), noting its origin.
    private string? Override(string field)
    {
        if (Winner(field) is not { } layer)
        {
            return null;
        }

        sources[field] = Origin(layer, field);
        return configuration[field];
    }

    private OverrideLayer? Winner(string key) => overrides.LastOrDefault(l => l.Provider.TryGet(key, out var value) && value is not null);

    // The key as the layer stores it (PIKSEL__MANUALSECRETS__SLACK-ALERTS, not the canonical case), for the error.
    private static string Origin(OverrideLayer layer, string key)
    {
        string? stored = null;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            var name = layer.StoredName(stored, segment) ?? segment;
            stored = stored is null ? name : ConfigurationPath.Combine(stored, name);
        }

        return layer.Describe(stored!);
    }
}

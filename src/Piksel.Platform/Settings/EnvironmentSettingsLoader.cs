using System.Text.Json;

namespace Piksel.Platform.Settings;

/// <summary>
/// Binds <c>env/&lt;name&gt;.json</c>, overridden by <see cref="SettingsOverrides"/> (environment variables
/// <c>PIKSEL__&lt;FIELD&gt;</c>, then <c>--set field=value</c>) as .NET configuration layers them, into
/// <see cref="EnvironmentSettings"/> and validates it, together with the other environment files beside it (CIDRs must not
/// overlap, accounts must differ; those files are read as they are). A bad file fails with one
/// <see cref="EnvironmentSettingsException"/> naming the file, every bad field, what it allows and, for an overriding
/// value, where it came from.
/// </summary>
public static class EnvironmentSettingsLoader
{
    /// <summary>The Kubernetes versions EKS supports (standard and extended support).</summary>
    public static IReadOnlyList<string> SupportedKubernetesVersions { get; } = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34"];

    internal static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Loads environment <paramref name="name"/> from <paramref name="directory"/> (usually <c>env</c>), merging
    /// manual-secret <paramref name="inputs"/> (they win over the file) and <paramref name="overrides"/> (default: none).
    /// </summary>
    public static EnvironmentSettings Load(string directory, string name, IReadOnlyDictionary<string, string>? inputs = null, SettingsOverrides? overrides = null)
    {
        var file = Path.Combine(directory, name + ".json");
        if (!File.Exists(file))
        {
            var known = Directory.Exists(directory)
                ? string.Join(", ", Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "none";
            throw new EnvironmentSettingsException($"{file}: no such environment file; the environments in {directory} are: {known}.");
        }

        var siblings = Directory.GetFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(file), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToArray();
        return Parse(file, File.ReadAllText(file), siblings, inputs, overrides);
    }

    /// <summary>
    /// Binds and validates one file's text under <paramref name="overrides"/> (default: none); <paramref name="siblings"/>
    /// are the other environment files.
    /// </summary>
    public static EnvironmentSettings Parse(
        string file,
        string json,
        IEnumerable<(string File, string Json)> siblings,
        IReadOnlyDictionary<string, string>? inputs = null,
        SettingsOverrides? overrides = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new EnvironmentSettingsException($"{file}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var errors = new List<SettingsError>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new EnvironmentSettingsException(file, [new SettingsError("(root)", "must be a JSON object")]);
            }

            var layers = (overrides ?? SettingsOverrides.None).Layers(errors);
            using var reader = new SettingsReader(new EnvironmentFileConfiguration(document.RootElement, SettingsBinder.Fields), layers, errors);
            var settings = SettingsBinder.Bind(Path.GetFileNameWithoutExtension(file), reader, inputs ?? new Dictionary<string, string>(), errors);
            if (settings is not null)
            {
                SiblingEnvironments.Check(settings, siblings, errors);
            }

            // A rule that judged an overriding value says where that value came from.
            var located = errors.Select(e => e.Source is null && reader.SourceOf(e.Field) is { } source ? e with { Source = source } : e).ToList();
            return located.Count > 0 || settings is null ? throw new EnvironmentSettingsException(file, located) : settings;
        }
    }
}

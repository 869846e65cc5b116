using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Piksel.Platform.Settings;

/// <summary>
/// Values that override an environment file's fields, as .NET configuration layers them: the file, then environment
/// variables <c>PIKSEL__&lt;FIELD&gt;</c> (names in any case, <c>__</c> for a nested key:
/// <c>PIKSEL__MANUALSECRETS__SLACK-ALERTS</c>), then <c>--set field=value</c> arguments (last wins; <c>.</c> for a
/// nested key). So CI changes a field without editing a file. Default: <see cref="None"/>.
/// </summary>
public sealed class SettingsOverrides
{
    /// <summary>The prefix of the environment variables that override fields.</summary>
    public const string EnvironmentPrefix = "PIKSEL__";

    private readonly Func<IConfigurationProvider>? environment;

    private SettingsOverrides(Func<IConfigurationProvider>? environment, IReadOnlyList<string> set)
    {
        this.environment = environment;
        Set = set;
    }

    /// <summary>No overrides: the file alone.</summary>
    public static SettingsOverrides None { get; } = new(null, []);

    /// <summary>The <c>--set field=value</c> arguments, in order.</summary>
    public IReadOnlyList<string> Set { get; }

    /// <summary>The process's <c>PIKSEL__*</c> environment variables and <paramref name="set"/>.</summary>
    public static SettingsOverrides FromProcess(IEnumerable<string> set) =>
        new(() => new EnvironmentVariablesConfigurationProvider(EnvironmentPrefix), [.. set]);

    /// <summary>
    /// The <c>PIKSEL__*</c> entries of <paramref name="variables"/> (the others are ignored) and <paramref name="set"/>,
    /// for a caller that holds its environment itself.
    /// </summary>
    public static SettingsOverrides From(IReadOnlyDictionary<string, string> variables, IEnumerable<string> set) =>
        new(() => Memory(variables
            .Where(v => v.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(v => KeyValuePair.Create(v.Key[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value))), [.. set]);

    /// <summary>The layers in order of precedence (lowest first); a malformed <c>--set</c> is recorded in <paramref name="errors"/>.</summary>
    internal IReadOnlyList<OverrideLayer> Layers(List<SettingsError> errors)
    {
        var layers = new List<OverrideLayer>();
        if (environment is not null)
        {
            layers.Add(new OverrideLayer(environment(), key => EnvironmentPrefix + key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal), OnCommandLine: false));
        }

        var values = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < Set.Count; i++)
        {
            var separator = Set[i].IndexOf('=', StringComparison.Ordinal);
            var field = separator > 0 ? Set[i][..separator].Trim() : "";
            if (field.Length == 0)
            {
                // Not quoted: a mistyped argument may be a secret.
                errors.Add(new SettingsError("--set", $"argument {i + 1} is not field=value (e.g. --set region=ap-southeast-1)"));
                continue;
            }

            values.Add(KeyValuePair.Create(field.Replace(".", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)Set[i][(separator + 1)..]));
        }

        if (values.Count > 0)
        {
            layers.Add(new OverrideLayer(Memory(values), key => "--set " + key.Replace(ConfigurationPath.KeyDelimiter, ".", StringComparison.Ordinal), OnCommandLine: true));
        }

        return layers;
    }

    private static MemoryConfigurationProvider Memory(IEnumerable<KeyValuePair<string, string?>> values)
    {
        // Later values win, as they do for repeated --set arguments.
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }

        return new MemoryConfigurationProvider(new MemoryConfigurationSource { InitialData = data });
    }
}

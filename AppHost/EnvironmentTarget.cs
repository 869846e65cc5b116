using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// The environment a command works on: its settings from <c>env/&lt;env&gt;.json</c> (overridden by <c>PIKSEL__&lt;FIELD&gt;</c>
/// variables and <c>--set</c>; manual secrets from <c>PIKSEL_SECRET_&lt;NAME&gt;</c>), checked for a provider that is wired
/// up, and its directory <c>.piksel/&lt;env&gt;</c> (state, <c>aws.env</c>, kubeconfig, outputs).
/// </summary>
/// <param name="Settings">The environment's settings.</param>
/// <param name="Root">The full path of <c>.piksel/&lt;env&gt;</c>.</param>
internal sealed record EnvironmentTarget(EnvironmentSettings Settings, string Root)
{
    /// <summary>
    /// Loads <paramref name="env"/>'s settings and resolves its provider (<paramref name="providerName"/>, else the file's);
    /// null, with the error written, when the file is wrong or the provider is not wired up. <paramref name="set"/> holds the
    /// <c>--set field=value</c> arguments (default: none).
    /// </summary>
    public static EnvironmentTarget? Resolve(string env, string? providerName, IReadOnlyList<string>? set = null)
    {
        EnvironmentSettings settings;
        try
        {
            settings = EnvironmentSettingsLoader.Load(
                "env", env, ManualSecrets.FromEnvironment(Environment.GetEnvironmentVariable), SettingsOverrides.FromProcess(set ?? []));
        }
        catch (EnvironmentSettingsException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }

        var provider = providerName ?? settings.Provider.ToString().ToLowerInvariant();
        if (provider != "embedded")
        {
            Console.Error.WriteLine($"error: --provider {provider}: only 'embedded' is wired up so far (localstack and aws arrive with their own issue); accepted values: embedded, localstack, aws.");
            return null;
        }

        return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(".piksel", env)));
    }
}

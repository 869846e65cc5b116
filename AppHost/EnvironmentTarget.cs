using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// The environment a command works on: its settings from <c>env/&lt;env&gt;.json</c>, checked for a provider that is wired
/// up, and its directory <c>.piksel/&lt;env&gt;</c> (state, <c>aws.env</c>, kubeconfig, outputs).
/// </summary>
/// <param name="Settings">The environment's settings.</param>
/// <param name="Root">The full path of <c>.piksel/&lt;env&gt;</c>.</param>
internal sealed record EnvironmentTarget(EnvironmentSettings Settings, string Root)
{
    /// <summary>The provider the command works through: <c>embedded</c>, or <c>existing</c> where the verb allows it.</summary>
    public string ProviderName { get; init; } = "embedded";

    /// <summary>
    /// Loads <paramref name="env"/>'s settings and resolves its provider (<paramref name="providerName"/>, else the file's);
    /// null, with the error written, when the file is wrong or the provider is not wired up.
    /// </summary>
    /// <remarks><paramref name="existingAllowed"/>: the verb works on what the user runs (<c>--provider existing</c>), as plan, apply, destroy and verify do.</remarks>
    public static EnvironmentTarget? Resolve(string env, string? providerName, bool existingAllowed = false)
    {
        EnvironmentSettings settings;
        try
        {
            settings = EnvironmentSettingsLoader.Load("env", env);
        }
        catch (EnvironmentSettingsException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }

        var provider = providerName ?? settings.Provider.ToString().ToLowerInvariant();
        if (provider == "existing" && existingAllowed)
        {
            return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(".piksel", env))) { ProviderName = provider };
        }

        if (provider != "embedded")
        {
            Console.Error.WriteLine($"error: --provider {provider}: only 'embedded' and, for plan, apply, destroy and verify, 'existing' are wired up so far (localstack and aws arrive with their own issue); accepted values: embedded, localstack, aws (and existing, for plan, apply, destroy and verify).");
            return null;
        }

        return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(".piksel", env)));
    }
}

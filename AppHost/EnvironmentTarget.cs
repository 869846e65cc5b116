using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;
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
    /// <summary>The provider the command runs on. Default: <see cref="ProviderKind.Embedded"/>.</summary>
    public ProviderKind Provider { get; init; } = ProviderKind.Embedded;

    /// <summary>
    /// Loads <paramref name="env"/>'s settings and resolves its provider (<paramref name="providerName"/>, else the file's);
    /// null, with the error written, when the file is wrong or the provider is not wired up.
    /// </summary>
    public static EnvironmentTarget? Resolve(string env, string? providerName)
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
        if (provider == "localstack")
        {
            try
            {
                // Containers need Docker: without it, say so now, before anything is made.
                LocalStackProvider.EnsurePrerequisites();
            }
            catch (DockerRequiredException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return null;
            }

            return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(".piksel", env))) { Provider = ProviderKind.LocalStack };
        }

        if (provider != "embedded")
        {
            Console.Error.WriteLine($"error: --provider {provider}: only 'embedded' is wired up so far (localstack and aws arrive with their own issue); accepted values: embedded, localstack, aws.");
            return null;
        }

        return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(".piksel", env)));
    }
}

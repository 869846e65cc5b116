using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// The environment a command works on: its settings from <c>env/&lt;env&gt;.json</c> (overridden by <c>PIKSEL__&lt;FIELD&gt;</c>
/// variables and <c>--set</c>; manual secrets from <c>PIKSEL_SECRET_&lt;NAME&gt;</c>), the provider it runs on, and its
/// directory <c>.piksel/&lt;env&gt;</c> (state, <c>aws.env</c>, kubeconfig, outputs).
/// </summary>
/// <param name="Settings">The environment's settings.</param>
/// <param name="Root">The full path of <c>.piksel/&lt;env&gt;</c>.</param>
internal sealed record EnvironmentTarget(EnvironmentSettings Settings, string Root)
{
    /// <summary>The providers by their command-line name.</summary>
    private static readonly Dictionary<string, ProviderKind> Kinds = new(StringComparer.Ordinal)
    {
        ["embedded"] = ProviderKind.Embedded,
        ["localstack"] = ProviderKind.LocalStack,
        ["existing"] = ProviderKind.Existing,
        ["aws"] = ProviderKind.Aws,
    };

    /// <summary>The provider the command runs on. Default: embedded.</summary>
    public ProviderKind Provider { get; init; } = ProviderKind.Embedded;

    /// <summary>
    /// Loads <paramref name="env"/>'s settings and resolves its provider (<paramref name="providerName"/>, else the file's);
    /// null, with the error written, when the file is wrong, the provider unknown or what it needs missing (Docker for
    /// localstack). <paramref name="set"/> holds the <c>--set field=value</c> arguments (default: none);
    /// <paramref name="workingDirectory"/> is where <c>env/</c> and <c>.piksel/</c> are (default: the current directory).
    /// </summary>
    public static EnvironmentTarget? Resolve(string env, string? providerName, IReadOnlyList<string>? set = null, string? workingDirectory = null)
    {
        // Relative when no folder is given, so errors name "env/<env>.json" as the user typed it.
        var files = workingDirectory is null ? "env" : Path.Combine(workingDirectory, "env");
        EnvironmentSettings settings;
        try
        {
            // Manual secrets come as inputs (PIKSEL_SECRET_<NAME>): real environments hold none in their files.
            settings = EnvironmentSettingsLoader.Load(
                files, env, ManualSecrets.FromEnvironment(Environment.GetEnvironmentVariable), SettingsOverrides.FromProcess(set ?? []));
        }
        catch (EnvironmentSettingsException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }

        var provider = providerName ?? settings.Provider.ToString().ToLowerInvariant();
        if (!Kinds.TryGetValue(provider, out var kind))
        {
            Console.Error.WriteLine($"error: --provider {provider} is not a provider; accepted values: {string.Join(", ", Kinds.Keys)}.");
            return null;
        }

        if (kind == ProviderKind.LocalStack)
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
        }

        return new EnvironmentTarget(settings, Path.GetFullPath(Path.Combine(workingDirectory ?? ".", ".piksel", env))) { Provider = kind };
    }
}

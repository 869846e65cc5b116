namespace Piksel.Platform.Settings;

/// <summary>The manual secrets of PLATFORM.md: what each holds and how its input is checked.</summary>
public static class ManualSecrets
{
    /// <summary>Auth0 client credentials of Argo Workflows (<c>client_id:client_secret</c>).</summary>
    public const string ArgoOAuth = "argo-oauth";

    /// <summary>Auth0 client credentials of JupyterHub.</summary>
    public const string JupyterHubOAuth = "jupyterhub-oauth";

    /// <summary>Auth0 client credentials of Grafana.</summary>
    public const string GrafanaOAuth = "grafana-oauth";

    /// <summary>The Slack webhook URL for alerts.</summary>
    public const string SlackAlerts = "slack-alerts";

    /// <summary>Every manual secret.</summary>
    public static IReadOnlyList<string> Names { get; } = [ArgoOAuth, JupyterHubOAuth, GrafanaOAuth, SlackAlerts];

    /// <summary>True for the OAuth client secrets, whose input is <c>client_id:client_secret</c>.</summary>
    public static bool IsOAuth(string name) => name.EndsWith("-oauth", StringComparison.Ordinal);

    /// <summary>
    /// The environment variable an input may come from: <c>PIKSEL_SECRET_</c> and the name in upper case with
    /// underscores (<c>PIKSEL_SECRET_ARGO_OAUTH</c>).
    /// </summary>
    public static string EnvironmentVariable(string name) => "PIKSEL_SECRET_" + name.ToUpperInvariant().Replace('-', '_');

    /// <summary>The inputs found in <paramref name="variables"/> (e.g. the process environment).</summary>
    public static IReadOnlyDictionary<string, string> FromEnvironment(Func<string, string?> variables) =>
        Names.Select(n => (Name: n, Value: variables(EnvironmentVariable(n))))
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal);

    /// <summary>
    /// Null when <paramref name="value"/> is a valid input for <paramref name="name"/>, else what is allowed. Never
    /// quotes the value.
    /// </summary>
    public static string? Check(string name, string value)
    {
        if (IsOAuth(name))
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 || colon == value.Length - 1 || value.Any(char.IsWhiteSpace) || value.IndexOf(':', colon + 1) >= 0
                ? "must be client_id:client_secret (two non-empty parts, one colon, no spaces)"
                : null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
            ? null
            : "must be an https:// webhook URL";
    }
}

using System.Security.Cryptography;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// Where the Aspire dashboard listens and the token that logs a browser in. A fresh machine has no developer
/// certificate, so the defaults are plain HTTP on loopback (<c>http://localhost:15888</c>, OTLP on 18889); each of
/// Aspire's own variables, when set, wins. The token is made here so the ready output prints the login link once.
/// </summary>
internal sealed class DashboardLink
{
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_URLS"] = "http://localhost:15888",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://localhost:18890",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
    };

    /// <summary>The variable the Aspire builder reads the dashboard's browser token from.</summary>
    private const string TokenVariable = "ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN";

    private DashboardLink(string url, string token)
    {
        Url = url;
        LoginUrl = $"{url}/login?t={token}";
    }

    /// <summary>The dashboard's address.</summary>
    public string Url { get; }

    /// <summary>The address that logs a browser in.</summary>
    public string LoginUrl { get; }

    /// <summary>Sets the defaults this process's Aspire builder reads (where unset) and makes the login token.</summary>
    public static DashboardLink Prepare()
    {
        foreach (var (name, value) in Defaults)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) Environment.SetEnvironmentVariable(name, value);
        }
        // Aspire takes the dashboard's token from ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN and otherwise makes its own,
        // overwriting AppHost:BrowserToken: the link printed works only with the token given there.
        var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } given ? given : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Environment.SetEnvironmentVariable(TokenVariable, token);
        var url = Environment.GetEnvironmentVariable("ASPNETCORE_URLS")!.Split(';')[0].TrimEnd('/');
        return new DashboardLink(url, token);
    }
}

namespace Piksel.Hosting.Aws;

/// <summary>
/// The endpoints the AWS SDKs and CLI take from the environment: <c>AWS_ENDPOINT_URL</c> for every service and
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> for one (the service id upper-cased, spaces as underscores:
/// <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>), the service's own winning; <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>
/// turns both off. None set: AWS's regional endpoints.
/// </summary>
public sealed class AwsEndpoints
{
    /// <summary>The variable every service's endpoint is read from.</summary>
    public const string GlobalVariable = "AWS_ENDPOINT_URL";

    // Signing names whose service id is not the name upper-cased (the SDKs' "service id" of each service's model).
    private static readonly Dictionary<string, string> ServiceIds = new(StringComparer.Ordinal)
    {
        ["secretsmanager"] = "SECRETS_MANAGER",
        ["logs"] = "CLOUDWATCH_LOGS",
        ["eks-auth"] = "EKS_AUTH",
    };

    private readonly Func<string, string?> variables;
    private readonly bool ignored;

    private AwsEndpoints(Func<string, string?> variables, bool ignored, Uri? global)
    {
        this.variables = variables;
        this.ignored = ignored;
        Global = global;
    }

    /// <summary>The endpoint of every service (<c>AWS_ENDPOINT_URL</c>), or null.</summary>
    public Uri? Global { get; }

    /// <summary>Reads the settings from <paramref name="variables"/>; a value that is not an http(s) URL is refused naming its variable.</summary>
    public static AwsEndpoints Read(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var ignored = string.Equals(variables("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        return new AwsEndpoints(variables, ignored, ignored ? null : Parse(GlobalVariable, variables(GlobalVariable)));
    }

    /// <summary>The variable naming <paramref name="service"/>'s own endpoint (by signing name: <c>secretsmanager</c> → <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>).</summary>
    public static string VariableFor(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        return $"{GlobalVariable}_{(ServiceIds.TryGetValue(service, out var id) ? id : service.ToUpperInvariant().Replace('-', '_'))}";
    }

    /// <summary>The endpoint of <paramref name="service"/> (signing name): its own setting, else <see cref="Global"/>, else null.</summary>
    public Uri? For(string service)
    {
        if (ignored) return null;
        var name = VariableFor(service);
        return Parse(name, variables(name)) ?? Global;
    }

    private static Uri? Parse(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length > 2048 || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new AwsProviderException($"{name} must be an http:// or https:// URL such as http://localhost:4566.");
        }

        return url;
    }
}

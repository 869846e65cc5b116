using System.CommandLine;
using Piksel.Hosting.Existing;

namespace Piksel.AppHost;

/// <summary>
/// The options of <c>--provider existing</c> on plan, apply, destroy and verify: the AWS-compatible endpoint, the
/// kubeconfig context, and the capabilities the user declares (the harness cannot know whether an endpoint enforces IAM,
/// so it claims none unless told). Credentials: <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> for the
/// environment's account (else LocalStack's test/test), <c>--account-keys</c> for its other accounts.
/// </summary>
internal static class ExistingArguments
{
    private static readonly Option<Uri?> AwsEndpoint = new("--aws-endpoint")
    {
        Description = "--provider existing: the AWS-compatible endpoint to apply to (e.g. a LocalStack at http://localhost:4566).",
        CustomParser = r => Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Fail<Uri>(r, $"--aws-endpoint '{r.Tokens[0].Value}' is not an http(s) URL, e.g. http://localhost:4566."),
    };

    private static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "--provider existing: the kubeconfig of the cluster (default: $KUBECONFIG, else ~/.kube/config)." };

    private static readonly Option<string?> Context = new("--context") { Description = "--provider existing: the kubeconfig context (default: its current context)." };

    private static readonly Option<string?> Capabilities = new("--capabilities")
    {
        Description = "--provider existing: what the endpoint and cluster prove, comma-separated (IamEnforcement, WebIdentityVerification, RealDatabase, PodSecurity, NetworkPolicyEnforcement, NodeProvisioning); default none, so verify skips what needs them.",
    };

    private static readonly Option<string[]> AccountKeys = new("--account-keys")
    {
        Description = "--provider existing: ACCOUNT_ID:ACCESS_KEY_ID:SECRET for another account of the environment (its hub, its public datasets; repeatable). Default: LocalStack's convention, the account id as the key.",
    };

    /// <summary>The options, to add to each verb.</summary>
    public static IEnumerable<Option> Options => [AwsEndpoint, Kubeconfig, Context, Capabilities, AccountKeys];

    /// <summary>
    /// The provider's options from the command line, its record kept under <paramref name="root"/><c>/state</c>; throws
    /// <see cref="ArgumentException"/> when --aws-endpoint is missing or an option is malformed.
    /// </summary>
    public static ExistingProviderOptions Read(ParseResult parse, string root)
    {
        var endpoint = parse.GetValue(AwsEndpoint)
            ?? throw new ArgumentException("--provider existing needs --aws-endpoint URL: the AWS-compatible endpoint you run (e.g. http://localhost:4566); the harness starts nothing.");
        var keys = new Dictionary<string, Piksel.Platform.Providers.AwsCredentials>(StringComparer.Ordinal);
        foreach (var text in parse.GetValue(AccountKeys) ?? [])
        {
            var parts = text.Split(':', 3);
            if (parts.Length != 3 || parts[0].Length != 12 || !parts[0].All(char.IsAsciiDigit) || parts[1].Length == 0 || parts[2].Length == 0)
            {
                // The text holds a secret: name the account part only.
                throw new ArgumentException($"--account-keys '{parts[0]}:…' must look like ACCOUNT_ID:ACCESS_KEY_ID:SECRET with a twelve-digit account id.");
            }

            keys[parts[0]] = new(parts[1], new Piksel.Platform.Spec.SensitiveString(parts[2]));
        }

        return new ExistingProviderOptions
        {
            AwsEndpoint = endpoint,
            Credentials = keys,
            KubeconfigPath = parse.GetValue(Kubeconfig),
            Context = parse.GetValue(Context),
            StateDirectory = Path.Combine(root, "state"),
            Capabilities = ExistingProviderOptions.ParseCapabilities(parse.GetValue(Capabilities)),
        };
    }

    private static T? Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}

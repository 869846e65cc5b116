using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Existing;

/// <summary>What the <c>existing</c> provider is made from: an AWS-compatible endpoint, a kubeconfig context, where its record lives, and what it may claim.</summary>
public sealed record ExistingProviderOptions
{
    /// <summary>The capabilities the provider can never claim: its cluster is not EKS's and nothing of it runs in this process.</summary>
    public const ProviderCapabilities NeverClaimed = ProviderCapabilities.EksApi | ProviderCapabilities.MovableClock | ProviderCapabilities.InProcessEmulators;

    /// <summary>The endpoint every AWS service answers on (<c>--aws-endpoint</c>, e.g. a LocalStack at <c>http://localhost:4566</c>).</summary>
    public required Uri AwsEndpoint { get; init; }

    /// <summary>
    /// Credentials by account. An account of the environment not named here uses <see cref="EnvironmentCredentials"/>
    /// when it is the environment's own, else LocalStack's convention: the account id as the access key, <c>test</c> as
    /// the secret. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, AwsCredentials> Credentials { get; init; } = new Dictionary<string, AwsCredentials>(StringComparer.Ordinal);

    /// <summary>The environment account's credentials. Default: <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, else LocalStack's <c>test</c>/<c>test</c>.</summary>
    public AwsCredentials EnvironmentCredentials { get; init; } = CredentialsFromEnvironment();

    /// <summary>The kubeconfig (<c>--kubeconfig</c>); null: the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context (<c>--context</c>); null: the file's current context.</summary>
    public string? Context { get; init; }

    /// <summary>Where the harness keeps the cluster's EKS record (<c>.piksel/&lt;env&gt;/state</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// What the endpoint and the cluster are declared to prove (<c>--capabilities</c>): the harness cannot know whether an
    /// endpoint enforces IAM or verifies web identities, so it claims only what it is told. Default: none.
    /// </summary>
    public ProviderCapabilities Capabilities { get; init; } = ProviderCapabilities.None;

    /// <summary><c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> (with <c>AWS_SESSION_TOKEN</c>), else LocalStack's <c>test</c>/<c>test</c>.</summary>
    public static AwsCredentials CredentialsFromEnvironment() =>
        Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key
        && Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? new AwsCredentials(key, new SensitiveString(secret), Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } session ? new SensitiveString(session) : null)
            : new AwsCredentials("test", new SensitiveString("test"));

    /// <summary>
    /// The capabilities named in <paramref name="text"/> (comma-separated <see cref="ProviderCapabilities"/> names, e.g.
    /// <c>IamEnforcement,WebIdentityVerification,RealDatabase</c>); throws <see cref="ArgumentException"/> naming what is
    /// unknown or what this provider can never claim.
    /// </summary>
    public static ProviderCapabilities ParseCapabilities(string? text)
    {
        var result = ProviderCapabilities.None;
        foreach (var name in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ProviderCapabilities>(name, ignoreCase: true, out var one) || !Enum.IsDefined(one) || int.TryParse(name, out _))
            {
                throw new ArgumentException($"--capabilities: '{name}' is not a capability; known: {string.Join(", ", Claimable())}.");
            }

            if ((one & NeverClaimed) != 0)
            {
                throw new ArgumentException($"--capabilities: the existing provider cannot claim {one}; it may claim {string.Join(", ", Claimable())}.");
            }

            result |= one;
        }

        return result;
    }

    private static IEnumerable<string> Claimable() =>
        Enum.GetValues<ProviderCapabilities>().Where(c => c != ProviderCapabilities.None && (c & NeverClaimed) == 0).Select(c => c.ToString());
}

using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The secrets checks: every secret of the spec exists and a generated one still fits its rules; the operator validated
/// every store; every synchronised Kubernetes Secret holds exactly what its sources say and keeps being refreshed.
/// Values are compared, never shown. Every provider can prove these: they need no capability
/// (<see cref="Piksel.Platform.Providers.ProviderCapabilities.None"/>), only the applied platform.
/// </summary>
internal sealed class SecretsVerifier(VerificationContext context, TimeProvider time)
{
    /// <summary>The report's area for every secrets check.</summary>
    public const string Area = "Secrets";

    private readonly OperatorStatusCheck status = new(context.Kube, time);

    /// <summary>The secrets checks of <paramref name="spec"/>, in the order the report shows them.</summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyAsync(PlatformSpec spec, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var secret in spec.OfKind<SecretsManagerSecret>())
        {
            var (result, value) = await CheckSecretAsync(secret, cancellationToken);
            results.Add(result);
            values[secret.Name] = value;
        }

        foreach (var store in spec.OfKind<ClusterSecretStore>())
            results.Add(await status.CheckStoreAsync(store, cancellationToken));

        foreach (var external in spec.OfKind<ExternalSecret>())
        {
            results.Add(await SyncedSecretCheck.CheckAsync(context.Kube, external, values, cancellationToken));
            results.Add(await status.CheckRefreshedAsync(external, cancellationToken));
        }

        return results;
    }

    /// <summary>The secret exists and, when generated, its value fits the rules; the value, kept to compare synchronised Secrets with.</summary>
    private async Task<(CheckResult Result, string? Value)> CheckSecretAsync(SecretsManagerSecret secret, CancellationToken cancellationToken)
    {
        var check = secret.Generate is { } rules
            ? $"exists, generated: {rules.Length} chars of [{Classes(rules)}]"
            : "exists, manual";
        try
        {
            var client = await context.AdminClientAsync(secret.Account, secret.Region, o => new SecretsManagerClient(o), cancellationToken);
            var entry = await client.GetSecretValueAsync(secret.Name, cancellationToken: cancellationToken);
            var value = entry.Value.IsBinary ? null : entry.Value.Reveal();
            if (secret.Generate is { } generation && (value is null || !generation.IsSatisfiedBy(value)))
                return (new CheckResult(Area, secret.Name, check, CheckOutcome.Failed, "the value does not fit its generation rules"), value);

            return (new CheckResult(Area, secret.Name, check, CheckOutcome.Passed, $"version {entry.VersionId[..8]}"), value);
        }
        catch (AwsApiException e)
        {
            return (new CheckResult(Area, secret.Name, check, CheckOutcome.Failed, e.ErrorCode), null);
        }
    }

    private static string Classes(SecretGeneration rules) =>
        string.Join(" ", new[] { rules.IncludeLetters ? "letters" : null, rules.IncludeDigits ? "digits" : null, rules.Punctuation.Length > 0 ? rules.Punctuation : null }.OfType<string>());
}

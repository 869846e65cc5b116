using System.Text;
using System.Text.Json;
using k8s;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The secrets checks: every secret of the spec exists and a generated one still fits its rules; every synchronised
/// Kubernetes Secret holds exactly what its sources say. Values are compared, never shown.
/// </summary>
public sealed partial class PlatformVerifier
{
    private const string SecretsArea = "Secrets";

    /// <summary>The secrets checks of <paramref name="spec"/>.</summary>
    public async Task<IReadOnlyList<CheckResult>> VerifySecretsAsync(PlatformSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var aws = Context();
        using var kube = await KubernetesAsync(cancellationToken).ConfigureAwait(false);
        return await VerifySecretsAsync(spec, aws, kube, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CheckResult>> VerifySecretsAsync(PlatformSpec spec, AwsHandlerContext aws, IKubernetes kube, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var secret in spec.OfKind<SecretsManagerSecret>())
        {
            var (result, value) = await CheckSecretAsync(aws, secret, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            values[secret.Name] = value;
        }

        foreach (var store in spec.OfKind<ClusterSecretStore>())
        {
            results.Add(await CheckStoreAsync(kube, store, cancellationToken).ConfigureAwait(false));
        }

        foreach (var external in spec.OfKind<ExternalSecret>())
        {
            results.Add(await CheckSyncedAsync(kube, external, values, cancellationToken).ConfigureAwait(false));
            results.Add(await CheckRefreshedAsync(kube, external, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<(CheckResult Result, string? Value)> CheckSecretAsync(AwsHandlerContext aws, SecretsManagerSecret secret, CancellationToken cancellationToken)
    {
        var check = secret.Generate is { } rules
            ? $"exists, generated: {rules.Length} chars of [{Classes(rules)}]"
            : "exists, manual";
        try
        {
            var client = await ClientAsync(aws, secret.Account, secret.Region, o => new SecretsManagerClient(o), cancellationToken).ConfigureAwait(false);
            var entry = await client.GetSecretValueAsync(secret.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var value = entry.Value.IsBinary ? null : entry.Value.Reveal();
            if (secret.Generate is { } generation && (value is null || !generation.IsSatisfiedBy(value)))
            {
                return (new CheckResult(SecretsArea, secret.Name, check, CheckOutcome.Failed, "the value does not fit its generation rules"), value);
            }

            return (new CheckResult(SecretsArea, secret.Name, check, CheckOutcome.Passed, $"version {entry.VersionId[..8]}"), value);
        }
        catch (AwsApiException e)
        {
            return (new CheckResult(SecretsArea, secret.Name, check, CheckOutcome.Failed, e.ErrorCode), null);
        }
    }

    private static string Classes(SecretGeneration rules) =>
        string.Join(" ", new[] { rules.IncludeLetters ? "letters" : null, rules.IncludeDigits ? "digits" : null, rules.Punctuation.Length > 0 ? rules.Punctuation : null }.OfType<string>());

    private static async Task<CheckResult> CheckSyncedAsync(IKubernetes kube, ExternalSecret external, IReadOnlyDictionary<string, string?> sources, CancellationToken cancellationToken)
    {
        var subject = $"{external.Namespace}/{external.Name}";
        var check = $"Kubernetes Secret equals its {external.Keys.Count} sources";
        k8s.Models.V1Secret target;
        try
        {
            target = await kube.CoreV1.ReadNamespacedSecretAsync(external.Name, external.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, "no such Secret: not synchronised");
        }

        var data = target.Data ?? new Dictionary<string, byte[]>();
        var wrong = new List<string>();
        foreach (var key in external.Keys)
        {
            var expected = Expected(key, sources);
            if (!data.TryGetValue(key.SecretKey, out var actual))
            {
                wrong.Add($"{key.SecretKey} missing");
            }
            else if (expected is null)
            {
                wrong.Add($"{key.SecretKey}: source unreadable");
            }
            else if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(actual, Encoding.UTF8.GetBytes(expected)))
            {
                wrong.Add($"{key.SecretKey} differs");
            }
        }

        var extra = data.Keys.Except(external.Keys.Select(k => k.SecretKey), StringComparer.Ordinal).ToArray();
        wrong.AddRange(extra.Select(k => $"{k} unexpected"));
        return wrong.Count == 0
            ? new CheckResult(SecretsArea, subject, check, CheckOutcome.Passed, $"{data.Count} keys equal")
            : new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, string.Join(", ", wrong));
    }

    /// <summary>
    /// The operator keeps refreshing: the ExternalSecret is Ready and its <c>status.refreshTime</c> is no older than two
    /// refresh intervals (a change of the source reaches the Secret within one).
    /// </summary>
    private async Task<CheckResult> CheckRefreshedAsync(IKubernetes kube, ExternalSecret external, CancellationToken cancellationToken)
    {
        var subject = $"{external.Namespace}/{external.Name}";
        var interval = external.RefreshInterval;
        var check = $"ExternalSecret Ready, refreshed within {Seconds(interval)}";
        JsonElement status;
        try
        {
            var json = await kube.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                EsoManifests.Group, EsoManifests.Version, external.Namespace, EsoManifests.ExternalSecrets, external.Name, cancellationToken).ConfigureAwait(false);
            if (!json.TryGetProperty("status", out status))
            {
                return new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, "no status: the operator has not seen it");
            }
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, $"ExternalSecret unreadable: {(int)e.Response.StatusCode}");
        }

        if (NotReady(status) is { } notReady)
        {
            return new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, notReady);
        }

        if (!status.TryGetProperty("refreshTime", out var refreshed) || !DateTimeOffset.TryParse(refreshed.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var at))
        {
            return new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, "Ready but never refreshed");
        }

        var age = time.GetUtcNow() - at;
        return age <= (2 * interval) + TimeSpan.FromSeconds(5)
            ? new CheckResult(SecretsArea, subject, check, CheckOutcome.Passed, $"refreshed {Seconds(age < TimeSpan.Zero ? TimeSpan.Zero : age)} ago")
            : new CheckResult(SecretsArea, subject, check, CheckOutcome.Failed, $"last refreshed {Seconds(age)} ago: the operator is not keeping up");
    }

    /// <summary>The operator validated the store (its provider usable, its credentials obtained): Ready True.</summary>
    private static async Task<CheckResult> CheckStoreAsync(IKubernetes kube, ClusterSecretStore store, CancellationToken cancellationToken)
    {
        const string check = "ClusterSecretStore validated by the operator (Ready)";
        try
        {
            var json = await kube.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(
                EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, store.Name, cancellationToken).ConfigureAwait(false);
            var notReady = json.TryGetProperty("status", out var status) ? NotReady(status) : "no status: the operator has not seen it";
            return notReady is null
                ? new CheckResult(SecretsArea, store.Name, check, CheckOutcome.Passed, status.TryGetProperty("capabilities", out var c) ? $"Valid, {c.GetString()}" : "Valid")
                : new CheckResult(SecretsArea, store.Name, check, CheckOutcome.Failed, notReady);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return new CheckResult(SecretsArea, store.Name, check, CheckOutcome.Failed, $"ClusterSecretStore unreadable: {(int)e.Response.StatusCode}");
        }
    }

    /// <summary>Null when <paramref name="status"/> holds a Ready condition with status True; otherwise why not.</summary>
    private static string? NotReady(JsonElement status)
    {
        var ready = status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().FirstOrDefault(c => c.TryGetProperty("type", out var t) && t.GetString() == "Ready")
            : default;
        if (ready.ValueKind == JsonValueKind.Object && ready.GetProperty("status").GetString() == "True")
        {
            return null;
        }

        return $"not Ready: {(ready.ValueKind == JsonValueKind.Object && ready.TryGetProperty("reason", out var r) ? r.GetString() : "no Ready condition")}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds >= 120 ? $"{span.TotalMinutes:F0} min" : $"{span.TotalSeconds:F0} s";

    /// <summary>What a key of the target should hold: the literal, the remote value, or one JSON property of it.</summary>
    private static string? Expected(ExternalSecretKey key, IReadOnlyDictionary<string, string?> sources)
    {
        if (key.Literal is not null)
        {
            return key.Literal;
        }

        if (key.RemoteKey is null || !sources.TryGetValue(key.RemoteKey, out var value) || value is null)
        {
            return null;
        }

        if (key.Property is null)
        {
            return value;
        }

        try
        {
            using var json = JsonDocument.Parse(value);
            return json.RootElement.TryGetProperty(key.Property, out var property)
                ? property.ValueKind == JsonValueKind.String ? property.GetString() : property.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

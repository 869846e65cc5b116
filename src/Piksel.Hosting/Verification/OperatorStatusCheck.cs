using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Hosting.Verification;

/// <summary>
/// What the External Secrets operator reports in its objects' status: a ClusterSecretStore it validated, and an
/// ExternalSecret it keeps refreshing, judged by <paramref name="time"/>.
/// </summary>
internal sealed class OperatorStatusCheck(IKubernetes kube, TimeProvider time)
{
    /// <summary>The operator validated the store (its provider usable, its credentials obtained): Ready True.</summary>
    public async Task<CheckResult> CheckStoreAsync(ClusterSecretStore store, CancellationToken cancellationToken)
    {
        const string Check = "ClusterSecretStore validated by the operator (Ready)";
        try
        {
            var json = await kube.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(
                EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, store.Name, cancellationToken);
            var notReady = json.TryGetProperty("status", out var status) ? NotReady(status) : "no status: the operator has not seen it";
            return notReady is null
                ? new CheckResult(SecretsVerifier.Area, store.Name, Check, CheckOutcome.Passed, status.TryGetProperty("capabilities", out var c) ? $"Valid, {c.GetString()}" : "Valid")
                : new CheckResult(SecretsVerifier.Area, store.Name, Check, CheckOutcome.Failed, notReady);
        }
        catch (HttpOperationException e)
        {
            return new CheckResult(SecretsVerifier.Area, store.Name, Check, CheckOutcome.Failed, $"ClusterSecretStore unreadable: {(int)e.Response.StatusCode}");
        }
    }

    /// <summary>
    /// The operator keeps refreshing: the ExternalSecret is Ready and its <c>status.refreshTime</c> is no older than two
    /// refresh intervals (a change of the source reaches the Secret within one).
    /// </summary>
    public async Task<CheckResult> CheckRefreshedAsync(ExternalSecret external, CancellationToken cancellationToken)
    {
        var subject = $"{external.Namespace}/{external.Name}";
        var interval = external.RefreshInterval;
        var check = $"ExternalSecret Ready, refreshed within {Seconds(interval)}";
        JsonElement status;
        try
        {
            var json = await kube.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                EsoManifests.Group, EsoManifests.Version, external.Namespace, EsoManifests.ExternalSecrets, external.Name, cancellationToken);
            if (!json.TryGetProperty("status", out status))
                return new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, "no status: the operator has not seen it");
        }
        catch (HttpOperationException e)
        {
            return new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, $"ExternalSecret unreadable: {(int)e.Response.StatusCode}");
        }

        if (NotReady(status) is { } notReady)
            return new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, notReady);

        if (!status.TryGetProperty("refreshTime", out var refreshed) || !DateTimeOffset.TryParse(refreshed.GetString(), CultureInfo.InvariantCulture, out var at))
            return new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, "Ready but never refreshed");

        var age = time.GetUtcNow() - at;
        return age <= (2 * interval) + TimeSpan.FromSeconds(5)
            ? new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Passed, $"refreshed {Seconds(age < TimeSpan.Zero ? TimeSpan.Zero : age)} ago")
            : new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, $"last refreshed {Seconds(age)} ago: the operator is not keeping up");
    }

    /// <summary>Null when <paramref name="status"/> holds a Ready condition with status True; otherwise why not.</summary>
    private static string? NotReady(JsonElement status)
    {
        var ready = status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().FirstOrDefault(c => c.TryGetProperty("type", out var t) && t.GetString() == "Ready")
            : default;
        if (ready.ValueKind == JsonValueKind.Object && ready.GetProperty("status").GetString() == "True")
            return null;

        return $"not Ready: {(ready.ValueKind == JsonValueKind.Object && ready.TryGetProperty("reason", out var r) ? r.GetString() : "no Ready condition")}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds >= 120 ? $"{span.TotalMinutes:F0} min" : $"{span.TotalSeconds:F0} s";
}

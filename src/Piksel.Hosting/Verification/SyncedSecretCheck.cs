using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Hosting.Verification;

/// <summary>
/// A synchronised Kubernetes Secret holds exactly what its ExternalSecret's sources say: every key, no other, each
/// value equal (compared in constant time; the report names keys, never values).
/// </summary>
internal static class SyncedSecretCheck
{
    /// <summary>Compares the Secret of <paramref name="external"/> with <paramref name="sources"/> (secret values by name; null where unreadable).</summary>
    public static async Task<CheckResult> CheckAsync(IKubernetes kube, ExternalSecret external, IReadOnlyDictionary<string, string?> sources, CancellationToken cancellationToken)
    {
        var subject = $"{external.Namespace}/{external.Name}";
        var check = $"Kubernetes Secret equals its {external.Keys.Count} sources";
        V1Secret target;
        try
        {
            target = await kube.CoreV1.ReadNamespacedSecretAsync(external.Name, external.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, "no such Secret: not synchronised");
        }

        var data = target.Data ?? new Dictionary<string, byte[]>();
        var wrong = new List<string>();
        foreach (var key in external.Keys)
        {
            var expected = Expected(key, sources);
            if (!data.TryGetValue(key.SecretKey, out var actual))
                wrong.Add($"{key.SecretKey} missing");
            else if (expected is null)
                wrong.Add($"{key.SecretKey}: source unreadable");
            else if (!CryptographicOperations.FixedTimeEquals(actual, Encoding.UTF8.GetBytes(expected)))
                wrong.Add($"{key.SecretKey} differs");
        }

        var extra = data.Keys.Except(external.Keys.Select(k => k.SecretKey), StringComparer.Ordinal).ToArray();
        wrong.AddRange(extra.Select(k => $"{k} unexpected"));
        return wrong.Count == 0
            ? new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Passed, $"{data.Count} keys equal")
            : new CheckResult(SecretsVerifier.Area, subject, check, CheckOutcome.Failed, string.Join(", ", wrong));
    }

    /// <summary>What a key of the target should hold: the literal, the remote value, or one JSON property of it.</summary>
    private static string? Expected(ExternalSecretKey key, IReadOnlyDictionary<string, string?> sources)
    {
        if (key.Literal is not null)
            return key.Literal;

        if (key.RemoteKey is null || !sources.TryGetValue(key.RemoteKey, out var value) || value is null)
            return null;

        if (key.Property is null)
            return value;

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

using k8s;
using k8s.Models;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>What the External Secrets tests share: the operator's namespace, service account and ClusterSecretStore, and a bounded poll.</summary>
internal static class ExternalSecretsTestKit
{
    public const string Group = "external-secrets.io";
    public const string ApiVersion = "v1";
    public const string Operator = "external-secrets";
    public const string Store = "aws";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The namespaces <c>external-secrets</c> and <c>apps</c>, the operator's service account annotated with
    /// <paramref name="roleArn"/>, and the ClusterSecretStore <c>aws</c> authenticating as that account (IRSA).
    /// </summary>
    public static async Task CreateStoreAsync(k8s.Kubernetes kube, string roleArn, CancellationToken ct)
    {
        foreach (var ns in new[] { Operator, "apps" })
            await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct);
        await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta { Name = Operator, Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = roleArn } },
        }, Operator, cancellationToken: ct);
        await kube.CustomObjects.CreateClusterCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{ApiVersion}",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new Dictionary<string, object> { ["name"] = Store },
            ["spec"] = new { provider = new { aws = new { service = "SecretsManager", region = EksTestKit.Region, auth = new { jwt = new { serviceAccountRef = new { name = Operator, @namespace = Operator } } } } } },
        }, Group, ApiVersion, "clustersecretstores", cancellationToken: ct);
    }

    /// <summary>The ExternalSecret's <c>status.refreshTime</c> in namespace <c>apps</c>, null before its first sync.</summary>
    public static async Task<string?> RefreshTimeAsync(k8s.Kubernetes kube, string name, CancellationToken ct)
    {
        var es = (System.Text.Json.JsonElement)await kube.CustomObjects.GetNamespacedCustomObjectAsync(Group, ApiVersion, "apps", "externalsecrets", name, cancellationToken: ct);
        return es.TryGetProperty("status", out var status) && status.TryGetProperty("refreshTime", out var at) ? at.GetString() : null;
    }

    /// <summary>The <c>value</c> key of Secret <paramref name="name"/> in namespace <c>apps</c>, null when there is none.</summary>
    public static async Task<string?> ValueAsync(k8s.Kubernetes kube, string name, CancellationToken ct)
    {
        try
        {
            var secret = await kube.CoreV1.ReadNamespacedSecretAsync(name, "apps", cancellationToken: ct);
            return secret.Data is not null && secret.Data.TryGetValue("value", out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds, failing at the deadline (no fixed sleep is the assertion).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(clock.Elapsed < Deadline, $"condition not met within {Deadline}: last value {value}");
            await Task.Delay(50, ct);
        }
    }
}

/// <summary>The real clock, moved ahead by a test; timers run in real time.</summary>
internal sealed class OffsetClock(TimeSpan initial = default) : TimeProvider
{
    private long offsetTicks = initial.Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

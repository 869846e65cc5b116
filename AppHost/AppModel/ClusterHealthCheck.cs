using k8s;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Piksel.Platform.Kubernetes.Clients;

namespace Piksel.AppHost.AppModel;

/// <summary>A cluster's health as the dashboard shows it: its API server's <c>GET /readyz</c>, with the kubeconfig's credentials, answering 200.</summary>
internal sealed class ClusterHealthCheck(EnvironmentRunner runner, string cluster) : IHealthCheck
{
    /// <summary>The check's registration name for <paramref name="cluster"/>.</summary>
    public static string NameFor(string cluster) => $"cluster-{cluster}-readyz";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runner.Environment is not { } local) return HealthCheckResult.Unhealthy("the emulator has not started");
        try
        {
            if (await local.Provider.Cluster.ConnectAsync(cluster, cancellationToken) is not { } connection) return HealthCheckResult.Unhealthy($"cluster {cluster} does not exist yet");
            using var kube = (Kubernetes)KubernetesClientFactory.FromConnection(connection);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kube.BaseUri, "/readyz"));
            // The client's handlers add the bearer token and trust the cluster's CA, as kubectl would with the kubeconfig.
            using var response = await kube.HttpClient.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"/readyz answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}

using Piksel.Platform.Kubernetes.Clients;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>What every Kubernetes handler needs: clients per cluster, and which cluster an environment's objects live in.</summary>
/// <param name="Clients">Clients per cluster.</param>
/// <param name="ClusterOfEnvironment">The cluster name of an environment (for ListManaged, which is given only the environment).</param>
public sealed record KubernetesHandlerContext(IKubernetesClientSource Clients, Func<string, string> ClusterOfEnvironment);

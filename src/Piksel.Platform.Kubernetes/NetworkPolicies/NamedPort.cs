namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>A named container port of a pod: what a policy's named port resolves to on that pod.</summary>
/// <param name="Name">The port's name.</param>
/// <param name="Port">The container port.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</param>
public sealed record NamedPort(string Name, int Port, string Protocol = "TCP");

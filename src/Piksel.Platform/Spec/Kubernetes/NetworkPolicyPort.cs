namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A destination port of a rule.</summary>
/// <param name="Port">The port number.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>. Default: <c>TCP</c>.</param>
public sealed record NetworkPolicyPort(int Port, string Protocol = "TCP");

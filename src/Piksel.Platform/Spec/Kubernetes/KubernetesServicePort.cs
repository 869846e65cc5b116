namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>One port of a Service.</summary>
/// <param name="Name">The port's name (<c>postgres</c>).</param>
/// <param name="Port">The port number.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>. Default: <c>TCP</c>.</param>
public sealed record KubernetesServicePort(string Name, int Port, string Protocol = "TCP");

namespace Piksel.Platform.Verification;

/// <summary>
/// A namespace's representative endpoint: what its workload's pods would carry (labels, a named container port), the
/// cell of the reachability matrix traffic is judged against.
/// </summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Labels">The labels its pods carry.</param>
/// <param name="PortName">The container port's name.</param>
/// <param name="Port">The container port.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</param>
public sealed record WorkloadEndpoint(string Namespace, IReadOnlyDictionary<string, string> Labels, string PortName, int Port, string Protocol = "TCP")
{
    /// <summary>The cell's name: <c>namespace:port</c> (with the protocol unless TCP).</summary>
    public string Name => Protocol == "TCP" ? $"{Namespace}:{Port}" : $"{Namespace}:{Port}/{Protocol}";
}

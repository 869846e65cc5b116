using System.Net;
using k8s.Models;

namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>
/// One end of a connection: a pod (namespace, labels, named container ports, and its IP when known) or an address
/// outside the cluster (an IP only). Hypothetical pods serve as well as live ones: the evaluator reads only these.
/// </summary>
public sealed record NetworkEndpoint
{
    /// <summary>The pod's namespace; null for an address outside the cluster.</summary>
    public string? Namespace { get; init; }

    /// <summary>The pod's labels. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The pod's named container ports. Default: none.</summary>
    public IReadOnlyList<NamedPort> Ports { get; init; } = [];

    /// <summary>The address, when known (always for an outside address). Default: null.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Whether this is a pod (policies select it) rather than an outside address.</summary>
    public bool IsPod => Namespace is not null;

    /// <summary>A pod, hypothetical or live.</summary>
    public static NetworkEndpoint Pod(string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyList<NamedPort>? ports = null, IPAddress? address = null) =>
        new() { Namespace = ns, Labels = labels, Ports = ports ?? [], Address = address };

    /// <summary>An address outside the cluster.</summary>
    public static NetworkEndpoint External(IPAddress address) => new() { Address = address };

    /// <summary>A live pod: its namespace, labels, every container's named ports and its IP.</summary>
    public static NetworkEndpoint FromPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ports = (pod.Spec?.Containers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => !string.IsNullOrEmpty(p.Name))
            .Select(p => new NamedPort(p.Name, p.ContainerPort, p.Protocol ?? "TCP"))
            .ToList();
        var address = IPAddress.TryParse(pod.Status?.PodIP, out var ip) ? ip : null;
        return Pod(pod.Metadata.NamespaceProperty ?? "default", new Dictionary<string, string>(pod.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal), ports, address);
    }

    /// <summary>How the endpoint reads in explanations.</summary>
    public override string ToString() =>
        IsPod ? $"{Namespace}/{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}" : Address?.ToString() ?? "?";
}

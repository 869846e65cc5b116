namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// A cluster that does not serve a custom kind the platform writes: its CRD is not installed (a user's own cluster
/// without Karpenter or the External Secrets Operator). Not retryable: only installing the add-on fixes it.
/// </summary>
public sealed class MissingCustomResourceDefinitionException : InvalidOperationException
{
    /// <summary>The refusal of <paramref name="kind"/> (<paramref name="group"/>/<paramref name="version"/>, resource <paramref name="plural"/>) on <paramref name="cluster"/>.</summary>
    public MissingCustomResourceDefinitionException(string cluster, string kind, string group, string version, string plural, string install, Exception? inner = null)
        : base($"The cluster {cluster} does not serve {kind} ({group}/{version}, resource {plural}.{group}): its CustomResourceDefinition is not installed. "
            + $"Install {install} on the cluster, then apply again.", inner)
    {
        Kind = kind;
        Group = group;
        Version = version;
    }

    /// <summary>The kind not served, e.g. <c>NodePool</c>.</summary>
    public string Kind { get; }

    /// <summary>Its API group, e.g. <c>karpenter.sh</c>.</summary>
    public string Group { get; }

    /// <summary>Its API version, e.g. <c>v1</c>.</summary>
    public string Version { get; }
}

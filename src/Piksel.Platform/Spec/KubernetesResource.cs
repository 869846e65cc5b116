namespace Piksel.Platform.Spec;

/// <summary>An object in the platform's Kubernetes cluster, labelled so destroy can find it again.</summary>
public abstract record KubernetesResource : PlatformResource
{
    /// <summary>The cluster the object lives in (no default: the definition names its cluster).</summary>
    [NotAttribute]
    public required string Cluster { get; init; }

    /// <summary>The namespace, or null for cluster-scoped objects. Default: null.</summary>
    [NotAttribute]
    public string? Namespace { get; init; }

    /// <summary><c>namespace/name</c> for namespaced objects, the name otherwise.</summary>
    public override string Key => Namespace is null ? Name : $"{Namespace}/{Name}";

    /// <summary>
    /// Labels (default: none). The definition adds <c>app.kubernetes.io/managed-by=piksel-platform</c> and
    /// <c>piksel.io/environment</c> (Kubernetes label keys cannot hold the AWS tags' colon).
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations (default: none).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

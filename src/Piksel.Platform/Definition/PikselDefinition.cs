using Piksel.Platform.Naming;
using Piksel.Platform.Policies;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>
/// The state of one <see cref="PikselPlatform.Define"/> call, split by concern into partial files: cluster,
/// namespaces, buckets, identities, secrets.
/// </summary>
internal sealed partial class PikselDefinition(EnvironmentSettings settings)
{
    public EnvironmentSettings Settings { get; } = settings;

    public PikselNames Names { get; } = settings.Names;

    public PlatformSpecBuilder Builder { get; } = new(settings.Name);

    public string Partition => Settings.Partition;

    public IReadOnlyDictionary<string, string> Tags { get; } = PikselTags.For(settings.Name);

    public IReadOnlyDictionary<string, string> Labels { get; } = PikselTags.LabelsFor(settings.Name);

    /// <summary>The platform KMS key (set by <see cref="AddCluster"/>).</summary>
    public KmsKey Key { get; private set; } = null!;

    /// <summary>The cluster (set by <see cref="AddCluster"/>).</summary>
    public EksCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's OIDC provider (set by <see cref="AddCluster"/>).</summary>
    public IamOidcProvider Oidc { get; private set; } = null!;

    /// <summary>An ARN of a role in the environment's account.</summary>
    public string RoleArn(string purpose) => Arns.IamRole(Partition, Settings.Account, Names.Role(purpose));

    /// <summary>A role in the environment's account with the platform's tags.</summary>
    public IamRole Role(string purpose, PolicyDocument trust) => new()
    {
        Name = Names.Role(purpose),
        Account = Settings.Account,
        TrustPolicy = trust,
        Tags = Tags,
    };

    /// <summary>The namespace resource id for objects in <paramref name="ns"/>, or none for kube-system (which EKS makes).</summary>
    public IEnumerable<ResourceId> NamespaceDependency(string ns) =>
        ns == "kube-system" ? [] : [new ResourceId(nameof(KubernetesNamespace), ns)];
}

using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>
/// The cluster's system layer (PLATFORM.md "Cluster"): Fargate profiles for the system namespaces in the private
/// subnets, the EKS add-ons CoreDNS, kube-proxy, VPC CNI and EBS CSI at the versions <see cref="AddonVersions"/> pins
/// (VPC CNI and EBS CSI on their IRSA roles), and the default StorageClass <c>gp3</c> encrypted with the platform key.
/// </summary>
internal sealed class ClusterSystemDefinition : IDefinitionArea
{
    /// <summary>The namespaces whose pods run on Fargate, each in a profile of its own name.</summary>
    public static IReadOnlyList<string> FargateNamespaces { get; } = ["kube-system", "karpenter", "flux-system", "aws-external-dns-helm"];

    /// <summary>The default StorageClass's name.</summary>
    public const string Gp3 = "gp3";

    private readonly List<PlatformResource> resources = [];

    /// <summary>The system layer of <paramref name="cluster"/>.</summary>
    public ClusterSystemDefinition(
        DefinitionContext context,
        ClusterDefinition cluster,
        NetworkDefinition network,
        NamespaceDefinition namespaces,
        IdentityDefinition identity,
        OutputRef platformKeyArn)
    {
        var settings = context.Settings;
        var clusterName = cluster.Reference.Name;
        foreach (var ns in FargateNamespaces)
        {
            resources.Add(new EksFargateProfile
            {
                Name = $"{clusterName}/{ns}",
                Account = settings.Account,
                Region = settings.Region,
                ClusterName = clusterName,
                ProfileName = ns,
                PodExecutionRoleArn = context.RoleArn("fargate-pods"),
                SubnetIds = network.PrivateSubnetIds,
                Selectors = [new EksFargateSelector(ns, new Dictionary<string, string>())],
                Tags = context.Tags,
                DependsOn = [cluster.Reference.Id, cluster.FargateRole.Id, .. namespaces.DependencyOf(ns)],
            });
        }

        var profiles = resources.Select(r => r.Id).ToList();
        EksAddon Addon(string name, string? rolePurpose, string? configurationValues = null) => new()
        {
            Name = $"{clusterName}/{name}",
            Account = settings.Account,
            Region = settings.Region,
            ClusterName = clusterName,
            AddonName = name,
            AddonVersion = AddonVersions.For(settings.KubernetesVersion, name),
            ServiceAccountRoleArn = rolePurpose is null ? null : context.RoleArn(rolePurpose),
            ConfigurationValues = configurationValues,
            Tags = context.Tags,

            // kube-system's pods run on Fargate: the profiles first, or CoreDNS and the EBS CSI controller stay Pending.
            DependsOn = [cluster.Reference.Id, .. profiles, .. rolePurpose is null ? Array.Empty<ResourceId>() : [identity.Role(rolePurpose).Id]],
        };

        // CoreDNS keeps to EC2 nodes unless told otherwise; kube-system is a Fargate namespace here, as in the real accounts.
        resources.Add(Addon(AddonVersions.CoreDns, null, """{"computeType":"Fargate"}"""));
        resources.Add(Addon(AddonVersions.KubeProxy, null));
        resources.Add(Addon(AddonVersions.VpcCni, "vpc-cni"));
        var ebs = Addon(AddonVersions.EbsCsi, "ebs-csi");
        resources.Add(ebs);

        resources.Add(new KubernetesStorageClass
        {
            Name = Gp3,
            Cluster = clusterName,
            Provisioner = "ebs.csi.aws.com",
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["type"] = "gp3",
                ["encrypted"] = "true",
                ["kmsKeyId"] = platformKeyArn.Token,
                ["csi.storage.k8s.io/fstype"] = "ext4",
            },
            VolumeBindingMode = "WaitForFirstConsumer",
            AllowVolumeExpansion = true,
            Labels = context.Labels,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["storageclass.kubernetes.io/is-default-class"] = "true" },
            DependsOn = [ebs.Id],
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [];
}

using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The cluster's roles (cluster, node, Fargate pod execution and, where the environment makes it, admin), the EKS
/// cluster in the network's private subnets with its public endpoint, encrypted with the platform key, the admin
/// access entry and the cluster's OIDC provider. Outputs <c>cluster.*</c>.
/// </summary>
internal sealed class ClusterDefinition : IDefinitionArea
{
    /// <summary>The control-plane log types PLATFORM.md asks for.</summary>
    public static IReadOnlyList<string> ControlPlaneLogs { get; } = ["api", "authenticator", "controllerManager", "scheduler"];

    private readonly List<PlatformResource> resources = [];
    private readonly EksCluster cluster;
    private readonly IamOidcProvider oidc;

    /// <summary>
    /// The cluster of <paramref name="context"/>'s environment in <paramref name="network"/>'s private subnets, its
    /// secrets encrypted with <paramref name="platformKeyArn"/>.
    /// </summary>
    public ClusterDefinition(DefinitionContext context, NetworkDefinition network, OutputRef platformKeyArn)
    {
        var settings = context.Settings;
        var partition = context.Partition;
        var clusterRole = Add(context.Role("cluster", ServiceTrust("eks.amazonaws.com", "sts:AssumeRole", "sts:TagSession")) with
        {
            Description = "EKS cluster service role",
            ManagedPolicyArns = [Arns.AwsManagedPolicy(partition, "AmazonEKSClusterPolicy")],
        });

        Add(context.Role("node", ServiceTrust("ec2.amazonaws.com", "sts:AssumeRole")) with
        {
            Description = "EKS worker nodes (Karpenter passes it to the instances it launches)",
            ManagedPolicyArns =
            [
                Arns.AwsManagedPolicy(partition, "AmazonEKSWorkerNodePolicy"),
                Arns.AwsManagedPolicy(partition, "AmazonEC2ContainerRegistryReadOnly"),
                Arns.AwsManagedPolicy(partition, "AmazonEKS_CNI_Policy"),
            ],
        });
        NodeRoleArn = context.RoleArn("node");

        FargateRole = Add(context.Role("fargate-pods", ServiceTrust("eks-fargate-pods.amazonaws.com", "sts:AssumeRole")) with
        {
            Description = "EKS Fargate pod execution role (pulls images, writes logs for pods on Fargate)",
            ManagedPolicyArns = [Arns.AwsManagedPolicy(partition, "AmazonEKSFargatePodExecutionRolePolicy")],
        });

        ResourceId[] adminDependencies = settings.CreateAdminRole ? [Add(AdminRole(context)).Id] : [];
        var name = context.Names.Cluster;
        cluster = Add(new EksCluster
        {
            Name = name,
            Account = settings.Account,
            Region = settings.Region,
            Version = settings.KubernetesVersion,
            RoleArn = context.RoleArn("cluster"),
            SecretsEncryptionKeyArn = platformKeyArn.Token,
            SubnetIds = network.PrivateSubnetIds,
            EndpointPublicAccess = true,
            LogTypes = ControlPlaneLogs,
            Tags = context.Tags,

            // The private subnets' egress (NAT routes) before the cluster: its add-ons and Fargate pods pull images.
            DependsOn = [clusterRole.Id, .. network.PrivateRouting],
        });

        Add(new EksAccessEntry
        {
            Name = $"{name}/admin",
            Account = settings.Account,
            Region = settings.Region,
            ClusterName = name,
            PrincipalArn = settings.AdminRoleArn,
            AccessPolicies = [new EksAccessPolicyAssociation(Arns.EksAccessPolicy(partition, "AmazonEKSClusterAdminPolicy"), "cluster", [])],
            Tags = context.Tags,
            DependsOn = [cluster.Id, .. adminDependencies],
        });

        oidc = Add(new IamOidcProvider
        {
            Name = name,
            Account = settings.Account,
            Url = cluster.OidcIssuer.Token,
            ClientIds = ["sts.amazonaws.com"],
            Tags = context.Tags,
        });
        Reference = new ClusterReference(name, cluster.Id, oidc.Arn, oidc.IssuerHost);
    }

    /// <summary>The cluster as other areas refer to it.</summary>
    public ClusterReference Reference { get; }

    /// <summary>The Fargate pod execution role (trusts <c>eks-fargate-pods.amazonaws.com</c>).</summary>
    public IamRole FargateRole { get; }

    /// <summary>The node role's ARN (Karpenter passes it to the instances it launches).</summary>
    public string NodeRoleArn { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs =>
    [
        new("cluster.name", cluster.Name),
        new("cluster.endpoint", cluster.Output(EksCluster.EndpointOutput).Token),
        new("cluster.certificateAuthority", cluster.Output(EksCluster.CertificateAuthorityOutput).Token),
        new("cluster.oidcIssuer", cluster.OidcIssuer.Token),
        new("cluster.oidcProviderArn", oidc.Arn.Token),
    ];

    /// <summary>The role <c>AdminRoleArn</c> names, made in the environment's account when the settings ask for it.</summary>
    private static IamRole AdminRole(DefinitionContext context)
    {
        var settings = context.Settings;
        var arnPath = settings.AdminRoleArn[(settings.AdminRoleArn.IndexOf(":role/", StringComparison.Ordinal) + ":role".Length)..];
        return new IamRole
        {
            Name = arnPath[(arnPath.LastIndexOf('/') + 1)..],
            Path = arnPath[..(arnPath.LastIndexOf('/') + 1)],
            Account = settings.Account,
            Description = "Cluster administrators (mapped to cluster-admin by an access entry)",
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Aws(Arns.AccountRoot(context.Partition, settings.Account))).Actions("sts:AssumeRole", "sts:TagSession"))
                .Build(),
            Tags = context.Tags,
        };
    }

    private static PolicyDocument ServiceTrust(string service, params string[] actions) =>
        new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Service(service)).Actions(actions)).Build();

    private T Add<T>(T resource)
        where T : PlatformResource
    {
        resources.Add(resource);
        return resource;
    }
}

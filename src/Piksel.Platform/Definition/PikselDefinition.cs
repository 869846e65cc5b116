using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// The Piksel platform as a composition of its areas, like a Terraform root module of modules: each area is made
/// from the settings and the outputs of the areas it names as inputs, so the order below is the dependency order.
/// </summary>
internal sealed class PikselDefinition
{
    private readonly string environment;

    /// <summary>The areas of the platform for <paramref name="settings"/>.</summary>
    public PikselDefinition(EnvironmentSettings settings)
    {
        environment = settings.Name;
        var context = new DefinitionContext(settings);
        Key = new PlatformKeyDefinition(context);
        Network = new NetworkDefinition(context);
        Cluster = new ClusterDefinition(context, Network, Key.Arn);
        Namespaces = new NamespaceDefinition(context, Cluster.Reference);
        NetworkPolicies = new NetworkPolicyDefinition(context, Cluster.Reference, Namespaces);
        GuardRails = new GuardRailDefinition(context, Cluster.Reference, Namespaces);
        Storage = new StorageDefinition(context);
        Karpenter = new KarpenterDefinition(context, Cluster.Reference, Network.VpcId, Cluster.NodeRoleArn, Key.Arn);
        Identity = new IdentityDefinition(context, Cluster.Reference, Namespaces, Storage.Buckets, Key.Arn, Karpenter.Policy);
        System = new ClusterSystemDefinition(context, Cluster, Network, Namespaces, Identity, Key.Arn);
        Secrets = new SecretsDefinition(context, Key.Arn);
        SecretSync = new SecretSyncDefinition(
            context, Cluster.Reference, Namespaces, Identity.ServiceAccount("external-secrets", "external-secrets"), Secrets.Ids);
        Database = new DatabaseDefinition(context, Network, Cluster.Reference, Namespaces, Key.Arn, Secrets);
        DatabaseAccess = new DatabaseAccessDefinition(context, Database, Secrets);
    }

    /// <summary>The platform KMS key.</summary>
    public PlatformKeyDefinition Key { get; }

    /// <summary>The VPC, subnets, gateways and routes.</summary>
    public NetworkDefinition Network { get; }

    /// <summary>The EKS cluster, its roles, admin access and OIDC provider.</summary>
    public ClusterDefinition Cluster { get; }

    /// <summary>The workload and system namespaces.</summary>
    public NamespaceDefinition Namespaces { get; }

    /// <summary>The NetworkPolicies of the workload namespaces.</summary>
    public NetworkPolicyDefinition NetworkPolicies { get; }

    /// <summary>The LimitRanges, ResourceQuotas and developer Roles of the workload namespaces.</summary>
    public GuardRailDefinition GuardRails { get; }

    /// <summary>The buckets and public datasets.</summary>
    public StorageDefinition Storage { get; }

    /// <summary>Karpenter's policy, EC2NodeClasses and NodePools.</summary>
    public KarpenterDefinition Karpenter { get; }

    /// <summary>The IRSA roles, their service accounts and the verifier's promises.</summary>
    public IdentityDefinition Identity { get; }

    /// <summary>The Fargate profiles, add-ons and default StorageClass.</summary>
    public ClusterSystemDefinition System { get; }

    /// <summary>The Secrets Manager secrets.</summary>
    public SecretsDefinition Secrets { get; }

    /// <summary>The secret store and ExternalSecrets.</summary>
    public SecretSyncDefinition SecretSync { get; }

    /// <summary>The RDS instance, its subnet group and security group, and its in-cluster name.</summary>
    public DatabaseDefinition Database { get; }

    /// <summary>The databases and login roles inside the database server.</summary>
    public DatabaseAccessDefinition DatabaseAccess { get; }

    /// <summary>The spec: every area's resources, then the outputs in the order they are published.</summary>
    public PlatformSpec Build()
    {
        var builder = new PlatformSpecBuilder(environment);
        IDefinitionArea[] byResources = [Key, Network, Cluster, Namespaces, NetworkPolicies, GuardRails, Storage, Karpenter, Identity, System, Secrets, SecretSync, Database, DatabaseAccess];
        foreach (var resource in byResources.SelectMany(area => area.Resources))
        {
            builder.Add(resource);
        }

        // Outputs keep the order they have always been published in: cluster, key, roles, secrets, buckets; then the network.
        IDefinitionArea[] byOutputs = [Cluster, Key, Namespaces, Karpenter, Identity, Secrets, SecretSync, Storage, Network, System, Database, DatabaseAccess];
        foreach (var output in byOutputs.SelectMany(area => area.Outputs))
        {
            builder.AddOutput(output.Name, output.Value);
        }

        return builder.Build();
    }
}

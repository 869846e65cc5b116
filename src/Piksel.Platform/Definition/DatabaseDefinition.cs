using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>
/// The database (PLATFORM.md "Database"): a DB subnet group on the private subnets, a security group admitting
/// PostgreSQL from the cluster's security group, and the RDS instance <c>piksel-&lt;env&gt;-app-db</c> encrypted with the
/// platform key, master <c>piksel_&lt;env&gt;</c> with the <c>database-password</c> secret, database <c>piksel</c>; the
/// in-cluster name <c>database/db-endpoint</c> points at it. What lives inside the server (databases, login roles, grants)
/// is <see cref="DatabaseAccessDefinition"/>'s. Outputs <c>database.address</c>, <c>database.port</c>, <c>database.instance</c>.
/// </summary>
internal sealed class DatabaseDefinition : IDefinitionArea
{
    /// <summary>The database the instance is created with.</summary>
    public const string DatabaseName = "piksel";

    /// <summary>PostgreSQL's port, which the security group admits and the in-cluster Service names.</summary>
    public const int Port = 5432;

    /// <summary>The environment that keeps backups a week, protects the instance from deletion and snapshots it at destroy.</summary>
    public const string ProductionEnvironment = "production";

    private readonly List<PlatformResource> resources = [];
    private readonly RdsDbInstance instance;

    /// <summary>
    /// The database of <paramref name="context"/>'s environment in <paramref name="network"/>'s private subnets, reachable
    /// from <paramref name="cluster"/>, encrypted with <paramref name="platformKeyArn"/>, its master password the
    /// <c>database-password</c> of <paramref name="secrets"/>, named in the cluster's <c>database</c> namespace of <paramref name="namespaces"/>.
    /// </summary>
    public DatabaseDefinition(
        DefinitionContext context, NetworkDefinition network, ClusterReference cluster, NamespaceDefinition namespaces, OutputRef platformKeyArn, SecretsDefinition secrets)
    {
        var settings = context.Settings;
        var environment = settings.Name;
        var production = environment == ProductionEnvironment;
        InstanceIdentifier = $"piksel-{environment}-app-db";
        MasterUsername = $"piksel_{environment.Replace('-', '_')}";
        MasterPasswordSecret = secrets.Ids["database-password"];

        var groupName = $"piksel-{environment}-db";
        var securityGroup = Add(new Ec2SecurityGroup
        {
            Name = groupName,
            Account = settings.Account,
            Region = settings.Region,
            VpcId = network.VpcId,
            Description = $"Piksel {environment}: PostgreSQL from the cluster",
            Ingress = [new Ec2SecurityGroupRule("tcp", Port, Port, SourceSecurityGroupId: new OutputRef(cluster.Id, EksCluster.ClusterSecurityGroupIdOutput).Token, Description: "PostgreSQL from the EKS cluster")],
            Tags = new Dictionary<string, string>(context.Tags, StringComparer.Ordinal) { ["Name"] = groupName },
        });
        var subnetGroup = Add(new RdsDbSubnetGroup
        {
            Name = groupName,
            Account = settings.Account,
            Region = settings.Region,
            Description = $"Piksel {environment}: the database's private subnets",
            SubnetIds = network.PrivateSubnetIds,
            Tags = context.Tags,
        });

        // A fixed major (real accounts' default, or the file's databaseEngineVersion) names its family; without one the
        // engine is the machine's PostgreSQL, whose major the definition cannot know (it is pure), so the instance keeps
        // the family's default parameter group.
        var engineVersion = settings.DatabaseEngineVersion;
        var parameters = engineVersion is null ? null : Add(new RdsDbParameterGroup
        {
            Name = $"piksel-{environment}-postgres",
            Account = settings.Account,
            Region = settings.Region,
            Family = $"postgres{engineVersion}",
            Description = $"Piksel {environment}: PostgreSQL {engineVersion}",
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["rds.force_ssl"] = "1", ["log_min_duration_statement"] = "1000" },
            Tags = context.Tags,
        });

        instance = Add(new RdsDbInstance
        {
            Name = InstanceIdentifier,
            Account = settings.Account,
            Region = settings.Region,
            EngineVersion = engineVersion,
            InstanceClass = production ? "db.m6g.large" : "db.t4g.micro",
            AllocatedStorage = production ? 100 : 20,
            StorageEncrypted = true,
            KmsKeyId = platformKeyArn.Token,
            MasterUsername = MasterUsername,
            MasterPasswordSecretArn = new OutputRef(MasterPasswordSecret, AwsResource.ArnOutput).Token,
            DatabaseName = DatabaseName,
            DbSubnetGroupName = subnetGroup.Name,
            ParameterGroupName = parameters?.Name,
            VpcSecurityGroupIds = [securityGroup.GroupId.Token],
            Port = Port,
            DeletionProtection = production,
            BackupRetentionPeriod = production ? 7 : 1,
            SkipFinalSnapshot = !production,
            FinalSnapshotIdentifier = production ? $"{InstanceIdentifier}-final" : null,
            Tags = context.Tags,
            DependsOn = [subnetGroup.Id, .. parameters is null ? Array.Empty<ResourceId>() : [parameters.Id]],
        });

        Add(new KubernetesService
        {
            Name = "db-endpoint",
            Namespace = "database",
            Cluster = cluster.Name,
            ExternalName = instance.Address.Token,
            Ports = [new KubernetesServicePort("postgres", Port)],
            Labels = context.Labels,
            DependsOn = [.. namespaces.DependencyOf("database")],
        });
    }

    /// <summary>The RDS instance's identifier.</summary>
    public string InstanceIdentifier { get; }

    /// <summary>The instance's resource (an <c>RdsDbInstance</c>): what lives inside the server waits for it.</summary>
    public ResourceId Instance => new("RdsDbInstance", InstanceIdentifier);

    /// <summary>The master role.</summary>
    public string MasterUsername { get; }

    /// <summary>The secret holding the master password (<c>database-password</c>).</summary>
    public ResourceId MasterPasswordSecret { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs =>
    [
        new("database.address", instance.Address.Token),
        new("database.port", instance.Output(RdsDbInstance.PortOutput).Token),
        new("database.instance", InstanceIdentifier),
    ];

    private T Add<T>(T resource)
        where T : PlatformResource
    {
        resources.Add(resource);
        return resource;
    }
}

using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The database area: what it makes, in which order, and how production differs (PLATFORM.md "Database").</summary>
public sealed class DatabaseDefinitionTests
{
    private static PlatformSpec Spec(string environment) => new PikselDefinition(Fixtures.Load(environment)).Build();

    private static int Position(DependencyGraph graph, ResourceId id) => graph.Order.ToList().IndexOf(id);

    [Fact]
    public void Security_group_and_subnet_group_come_before_the_instance_and_the_service_after_it()
    {
        var spec = Spec("local");
        var graph = DependencyGraph.Of(spec);
        var instance = new ResourceId(nameof(RdsDbInstance), "piksel-local-app-db");
        var service = new ResourceId(nameof(KubernetesService), "database/db-endpoint");

        Assert.Contains(new ResourceId(nameof(Ec2SecurityGroup), "piksel-local-db"), graph.DependenciesOf(instance));
        Assert.Contains(new ResourceId(nameof(RdsDbSubnetGroup), "piksel-local-db"), graph.DependenciesOf(instance));
        Assert.Contains(new ResourceId(nameof(KmsKey), "piksel-local"), graph.DependenciesOf(instance));
        Assert.Contains(new ResourceId(nameof(SecretsManagerSecret), "piksel/local/database-password"), graph.DependenciesOf(instance));
        Assert.Contains(instance, graph.DependenciesOf(service));
        Assert.Contains(new ResourceId(nameof(KubernetesNamespace), "database"), graph.DependenciesOf(service));
        Assert.True(Position(graph, new ResourceId(nameof(EksCluster), "piksel-local-cluster")) < Position(graph, new ResourceId(nameof(Ec2SecurityGroup), "piksel-local-db")));
        Assert.True(Position(graph, instance) < Position(graph, service));
    }

    [Fact]
    public void The_instance_is_encrypted_with_the_platform_key_in_the_private_subnets_and_admits_only_the_cluster()
    {
        var spec = Spec("local");
        var db = spec.Get<RdsDbInstance>("piksel-local-app-db");
        Assert.Equal("postgres", db.Engine);
        Assert.Null(db.EngineVersion); // the machine's PostgreSQL
        Assert.Null(db.ParameterGroupName); // its family is the machine's: the family's default group
        Assert.True(db.StorageEncrypted);
        Assert.Equal("${ref:KmsKey.piksel-local#arn}", db.KmsKeyId);
        Assert.Equal("piksel_local", db.MasterUsername);
        Assert.Equal("${ref:SecretsManagerSecret.piksel/local/database-password#arn}", db.MasterPasswordSecretArn);
        Assert.Equal("piksel", db.DatabaseName);
        Assert.False(db.PubliclyAccessible);
        Assert.True(db.SkipFinalSnapshot);
        Assert.False(db.DeletionProtection);
        Assert.Equal(1, db.BackupRetentionPeriod);

        var subnets = spec.Get<RdsDbSubnetGroup>("piksel-local-db");
        Assert.All(subnets.SubnetIds, id => Assert.Contains("-private-", id, StringComparison.Ordinal));
        var group = spec.Get<Ec2SecurityGroup>("piksel-local-db");
        var rule = Assert.Single(group.Ingress);
        Assert.Equal(("tcp", 5432, 5432, "${ref:EksCluster.piksel-local-cluster#clusterSecurityGroupId}", (string?)null),
            (rule.Protocol, rule.FromPort, rule.ToPort, rule.SourceSecurityGroupId, rule.CidrBlock));

        var service = spec.Get<KubernetesService>("database/db-endpoint");
        Assert.Equal("ExternalName", service.Type);
        Assert.Equal("${ref:RdsDbInstance.piksel-local-app-db#address}", service.ExternalName);
        Assert.Equal(5432, Assert.Single(service.Ports).Port);
    }

    [Fact]
    public void Production_is_protected_backed_up_a_week_and_snapshotted_at_destroy_on_PostgreSQL_16()
    {
        var spec = Spec("production");
        var db = spec.Get<RdsDbInstance>("piksel-production-app-db");
        Assert.True(db.DeletionProtection);
        Assert.Equal(7, db.BackupRetentionPeriod);
        Assert.False(db.SkipFinalSnapshot);
        Assert.Equal("piksel-production-app-db-final", db.FinalSnapshotIdentifier);
        Assert.Equal("16", db.EngineVersion);
        Assert.Equal("postgres16", spec.Get<RdsDbParameterGroup>("piksel-production-postgres").Family);

        var dev = Spec("dev").Get<RdsDbInstance>("piksel-dev-app-db");
        Assert.Equal(("16", false, true, 1), (dev.EngineVersion, dev.DeletionProtection, dev.SkipFinalSnapshot, dev.BackupRetentionPeriod));
    }

    [Fact]
    public void The_outputs_name_the_instance_its_address_and_port()
    {
        var outputs = Spec("local").Outputs.ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal("${ref:RdsDbInstance.piksel-local-app-db#address}", outputs["database.address"]);
        Assert.Equal("${ref:RdsDbInstance.piksel-local-app-db#port}", outputs["database.port"]);
        Assert.Equal("piksel-local-app-db", outputs["database.instance"]);
    }
}

using k8s;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// The RDS instance as DescribeDBInstances shows it (the repo's RdsClient, as the environment's admin): available,
/// encrypted with the platform key, in the private subnets' group; the in-cluster ExternalName names its address; and
/// bad input to the provider's RDS API refused with RDS's error codes (nothing is made by them).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseInstanceTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task The_instance_is_available_encrypted_with_the_platform_key_in_the_private_subnets_group()
    {
        var defined = fixture.Resolved(DatabaseAccess.Instance(fixture));
        using var rds = await RdsAsync();

        var instance = await rds.DescribeDbInstanceAsync(defined.Name, Ct);

        Assert.Equal("available", instance.Status);
        Assert.Equal("postgres", instance.Engine);
        Assert.True(instance.StorageEncrypted);
        var keys = fixture.Spec.OfKind<KmsKey>().Where(k => k.Account == defined.Account).Select(k => fixture.ArnOf(k)).ToList();
        Assert.Contains(instance.KmsKeyId, keys);
        Assert.Equal(defined.KmsKeyId, instance.KmsKeyId);
        Assert.Equal(defined.DbSubnetGroupName, instance.DbSubnetGroupName);
        var group = await rds.DescribeDbSubnetGroupAsync(instance.DbSubnetGroupName!, Ct);
        var subnets = fixture.Resolved(fixture.Spec.OfKind<RdsDbSubnetGroup>().Single(g => g.Name == defined.DbSubnetGroupName)).SubnetIds;
        Assert.Equal(subnets.Order(StringComparer.Ordinal), group.SubnetIds.Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(instance.Address));
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task Db_endpoint_is_an_ExternalName_to_the_instance_address()
    {
        var defined = fixture.Spec.OfKind<KubernetesService>().Single(s => s.Namespace == DatabaseAccess.Namespace && s.Name == "db-endpoint");
        using var rds = await RdsAsync();
        var instance = await rds.DescribeDbInstanceAsync(DatabaseAccess.Instance(fixture).Name, Ct);
        using var kube = await fixture.KubernetesAsync(Ct);

        var service = await kube.CoreV1.ReadNamespacedServiceAsync(defined.Name, defined.Namespace, cancellationToken: Ct);

        Assert.Equal("ExternalName", service.Spec.Type);
        Assert.Equal(instance.Address, service.Spec.ExternalName);
        Assert.Contains(service.Spec.Ports, p => p.Port == instance.Port || p.Port == 5432);
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_second_instance_with_the_same_identifier_is_refused_with_DBInstanceAlreadyExists()
    {
        using var rds = await RdsAsync();
        var existing = await rds.DescribeDbInstanceAsync(DatabaseAccess.Instance(fixture).Name, Ct);

        var e = await Assert.ThrowsAsync<AwsApiException>(() => rds.CreateDbInstanceAsync(Settings(existing.Identifier), Ct));

        Assert.Equal("DBInstanceAlreadyExists", e.ErrorCode);
        Assert.Equal(existing.Arn, (await rds.DescribeDbInstanceAsync(existing.Identifier, Ct)).Arn);
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_version_the_engine_does_not_offer_is_refused_with_InvalidParameterCombination()
    {
        using var rds = await RdsAsync();
        const string identifier = "piksel-e2e-no-such-version";

        var e = await Assert.ThrowsAsync<AwsApiException>(() => rds.CreateDbInstanceAsync(Settings(identifier) with { EngineVersion = "9.1" }, Ct));

        Assert.Equal("InvalidParameterCombination", e.ErrorCode);
        Assert.Equal(400, (int)e.StatusCode);
        var missing = await Assert.ThrowsAsync<AwsApiException>(() => rds.DescribeDbInstanceAsync(identifier, Ct));
        Assert.Equal("DBInstanceNotFound", missing.ErrorCode);
    }

    [PlatformFact(ProviderCapabilities.RealDatabase)]
    public async Task A_subnet_group_in_one_zone_is_refused_with_DBSubnetGroupDoesNotCoverEnoughAZs()
    {
        var defined = fixture.Resolved(fixture.Spec.OfKind<RdsDbSubnetGroup>().Single());
        using var rds = await RdsAsync();
        const string name = "piksel-e2e-one-zone";

        var e = await Assert.ThrowsAsync<AwsApiException>(() =>
            rds.CreateDbSubnetGroupAsync(name, "one zone only", [defined.SubnetIds[0]], new Dictionary<string, string>(), Ct));

        Assert.Equal("DBSubnetGroupDoesNotCoverEnoughAZs", e.ErrorCode);
        Assert.DoesNotContain(await rds.DescribeDbSubnetGroupsAsync(Ct), g => g.Name == name);
    }

    private async Task<RdsClient> RdsAsync() =>
        new(await fixture.Provider.OptionsAsync(DatabaseAccess.Instance(fixture).Account, Ct));

    /// <summary>A valid CreateDBInstance in the platform's subnet group, except for what a test changes.</summary>
    private DbInstanceSettings Settings(string identifier) => new()
    {
        Identifier = identifier,
        Engine = "postgres",
        InstanceClass = "db.t4g.micro",
        AllocatedStorage = 20,
        MasterUsername = "piksel_e2e",
        MasterUserPassword = new SensitiveString("e2e-" + Guid.NewGuid().ToString("N")),
        DbSubnetGroupName = DatabaseAccess.Instance(fixture).DbSubnetGroupName,
    };
}

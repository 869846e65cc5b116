using System.Net;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

[Collection(EmulatorCollection.Name)]
public sealed class AccessEntryTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_creator_gets_a_cluster_admin_entry_unless_told_otherwise()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        var with = await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = Unique("boot"), RoleArn = role, AuthenticationMode = "API" }, Ct);
        var without = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            SubnetIds = subnets,
            Name = Unique("noboot"),
            RoleArn = role,
            AuthenticationMode = "API_AND_CONFIG_MAP",
            BootstrapClusterCreatorAdminPermissions = false,
        }, Ct);

        const string Root = "arn:aws:iam::000000000000:root";
        Assert.Equal([Root], (await eks.ListAccessEntriesAsync(with.Name, cancellationToken: Ct)).Items);
        var entry = await eks.DescribeAccessEntryAsync(with.Name, Root, Ct);
        Assert.Equal("STANDARD", entry.Type);
        Assert.Equal(Root, entry.Username);
        Assert.StartsWith($"arn:aws:eks:{Region}:000000000000:access-entry/{with.Name}/root/000000000000/root/", entry.AccessEntryArn, StringComparison.Ordinal);
        var policy = Assert.Single(await eks.ListAssociatedAccessPoliciesAsync(with.Name, Root, Ct));
        Assert.Equal(EksAccessPolicyArns.ClusterAdmin, policy.PolicyArn);
        Assert.Equal("cluster", policy.Scope.Type);
        Assert.Empty((await eks.ListAccessEntriesAsync(without.Name, cancellationToken: Ct)).Items);

        foreach (var name in new[] { with.Name, without.Name })
        {
            await eks.WaitUntilActiveAsync(name, Ct);
            await eks.DeleteClusterAsync(name, Ct);
        }
    }

    [Fact]
    public async Task Entries_are_created_described_updated_listed_and_deleted()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var cluster = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            SubnetIds = subnets,
            Name = Unique("entries"),
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            AuthenticationMode = "API",
            BootstrapClusterCreatorAdminPermissions = false,
        }, Ct);
        var roleName = Unique("dev");
        var role = (await iam.CreateRoleAsync(new Platform.Aws.Iam.CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = TrustEks }, Ct)).Arn;
        var (userArn, _) = await UserAsync(iam, Unique("ops"));

        var roleEntry = await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest
        {
            ClusterName = cluster.Name,
            PrincipalArn = role,
            KubernetesGroups = ["devs"],
            Tags = new Dictionary<string, string> { ["team"] = "a" },
        }, Ct);
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{roleName}/{{{{SessionName}}}}", roleEntry.Username);
        Assert.Equal(["devs"], roleEntry.KubernetesGroups);
        Assert.Equal("a", roleEntry.Tags["team"]);
        Assert.Contains($":access-entry/{cluster.Name}/role/000000000000/{roleName}/", roleEntry.AccessEntryArn, StringComparison.Ordinal);
        var userEntry = await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = userArn, Username = "ops" }, Ct);
        Assert.Equal("ops", userEntry.Username);

        var updated = await eks.UpdateAccessEntryAsync(cluster.Name, role, kubernetesGroups: ["devs", "viewers"], cancellationToken: Ct);
        Assert.Equal(["devs", "viewers"], updated.KubernetesGroups);
        Assert.Equal(roleEntry.Username, updated.Username);
        var described = await eks.DescribeAccessEntryAsync(cluster.Name, role, Ct);
        Assert.Equal(["devs", "viewers"], described.KubernetesGroups);
        Assert.Equal(updated.AccessEntryArn, described.AccessEntryArn);

        var first = await eks.ListAccessEntriesAsync(cluster.Name, maxResults: 1, cancellationToken: Ct);
        var second = await eks.ListAccessEntriesAsync(cluster.Name, maxResults: 1, nextToken: first.NextToken, cancellationToken: Ct);
        Assert.Equal([role, userArn], first.Items.Concat(second.Items));

        await eks.DeleteAccessEntryAsync(cluster.Name, role, Ct);
        await Fails(() => eks.DescribeAccessEntryAsync(cluster.Name, role, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);
        await Fails(() => eks.DeleteAccessEntryAsync(cluster.Name, role, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Assert.Equal([userArn], (await eks.ListAccessEntriesAsync(cluster.Name, cancellationToken: Ct)).Items);

        await eks.WaitUntilActiveAsync(cluster.Name, Ct);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Access_policies_are_associated_rescoped_filtered_and_disassociated()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var cluster = await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = Unique("policies"), RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")), AuthenticationMode = "API" }, Ct);
        var (userArn, _) = await UserAsync(iam, Unique("viewer"));
        await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = cluster.Name, PrincipalArn = userArn }, Ct);

        var view = await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, EksAccessScope.InNamespaces("apps"), Ct);
        Assert.Equal(new[] { "apps" }, view.Scope.Namespaces);
        var rescoped = await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, EksAccessScope.InNamespaces("apps", "jobs"), Ct);
        Assert.Equal(new[] { "apps", "jobs" }, rescoped.Scope.Namespaces);
        Assert.Equal(view.AssociatedAt, rescoped.AssociatedAt);
        await eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.Edit, EksAccessScope.Cluster, Ct);
        Assert.Equal([EksAccessPolicyArns.View, EksAccessPolicyArns.Edit], (await eks.ListAssociatedAccessPoliciesAsync(cluster.Name, userArn, Ct)).Select(p => p.PolicyArn));

        Assert.Equal([userArn], (await eks.ListAccessEntriesAsync(cluster.Name, associatedPolicyArn: EksAccessPolicyArns.Edit, cancellationToken: Ct)).Items);
        Assert.Equal(["arn:aws:iam::000000000000:root"], (await eks.ListAccessEntriesAsync(cluster.Name, associatedPolicyArn: EksAccessPolicyArns.ClusterAdmin, cancellationToken: Ct)).Items);

        await eks.DisassociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, Ct);
        Assert.Equal([EksAccessPolicyArns.Edit], (await eks.ListAssociatedAccessPoliciesAsync(cluster.Name, userArn, Ct)).Select(p => p.PolicyArn));
        await Fails(() => eks.DisassociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, Ct), "ResourceNotFoundException", HttpStatusCode.NotFound);

        await Fails(() => eks.AssociateAccessPolicyAsync(cluster.Name, userArn, "arn:aws:eks::aws:cluster-access-policy/NoSuchPolicy", EksAccessScope.Cluster, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.AssociateAccessPolicyAsync(cluster.Name, userArn, EksAccessPolicyArns.View, new EksAccessScope("namespace", []), Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.AssociateAccessPolicyAsync(cluster.Name, "arn:aws:iam::000000000000:user/nobody", EksAccessPolicyArns.View, EksAccessScope.Cluster, Ct),
            "ResourceNotFoundException", HttpStatusCode.NotFound);

        await eks.WaitUntilActiveAsync(cluster.Name, Ct);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Invalid_entries_are_refused_as_eks_refuses_them()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var subnets = await SubnetsAsync(eks);
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        var api = await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = Unique("invalid"), RoleArn = role, AuthenticationMode = "API" }, Ct);
        var configMap = await eks.CreateClusterAsync(new CreateClusterRequest { SubnetIds = subnets, Name = Unique("cm"), RoleArn = role }, Ct);
        var (userArn, _) = await UserAsync(iam, Unique("someone"));

        var mode = await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = configMap.Name, PrincipalArn = userArn }, Ct),
            "InvalidRequestException", HttpStatusCode.BadRequest);
        Assert.Equal("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", mode.ErrorMessage);
        await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = "arn:aws:iam::000000000000:user/ghost" }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = "arn:aws:sts::000000000000:assumed-role/r/s" }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = userArn, KubernetesGroups = ["system:masters"] }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = userArn, Username = "system:admin" }, Ct),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = Unique("absent"), PrincipalArn = userArn }, Ct),
            "ResourceNotFoundException", HttpStatusCode.NotFound);

        await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = userArn }, Ct);
        var duplicate = await Fails(() => eks.CreateAccessEntryAsync(new CreateAccessEntryRequest { ClusterName = api.Name, PrincipalArn = userArn }, Ct),
            "ResourceInUseException", HttpStatusCode.Conflict);
        Assert.Equal("The specified access entry resource is already in use on this cluster.", duplicate.ErrorMessage);

        foreach (var name in new[] { api.Name, configMap.Name })
        {
            await eks.WaitUntilActiveAsync(name, Ct);
            await eks.DeleteClusterAsync(name, Ct);
        }
    }

    [Fact]
    public async Task Deleting_a_cluster_deletes_its_entries()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var name = Unique("gone");
        var role = await ClusterRoleAsync(iam, Unique("eks-role"));
        await ActiveClusterAsync(eks, name, role);
        await eks.DeleteClusterAsync(name, Ct);
        await eks.WaitUntilDeletedAsync(name, Ct);
        await ActiveClusterAsync(eks, name, role, r => r with { BootstrapClusterCreatorAdminPermissions = false });
        Assert.Empty((await eks.ListAccessEntriesAsync(name, cancellationToken: Ct)).Items);
        await eks.DeleteClusterAsync(name, Ct);
    }
}

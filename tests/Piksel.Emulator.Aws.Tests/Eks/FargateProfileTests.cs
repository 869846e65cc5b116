using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.Sts;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksWire;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Fargate profiles: a pod execution role, selectors, private subnets only; CREATING → ACTIVE, DELETING → gone, one change at a time.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class FargateProfileTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_profile_is_created_in_private_subnets_listed_and_deleted()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var network = await EksNetworkKit.NetworkAsync(Endpoint(fixture), withPublic: true);
        var cluster = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = Unique("fargate"),
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            SubnetIds = [.. network.PrivateSubnets, network.PublicSubnet!],
        }, Ct);
        var role = await RoleAsync(iam, TrustFargate, "fargate-pods");
        var path = $"/clusters/{cluster.Name}/fargate-profiles";

        var created = Ok(await wire.PostAsync(path, new JsonObject
        {
            ["fargateProfileName"] = "kube-system",
            ["podExecutionRoleArn"] = role,
            ["subnets"] = new JsonArray(network.PrivateSubnets[0]),
            ["selectors"] = new JsonArray(
                new JsonObject { ["namespace"] = "kube-system", ["labels"] = new JsonObject { ["k8s-app"] = "kube-dns" } },
                new JsonObject { ["namespace"] = "karpenter" }),
            ["tags"] = new JsonObject { ["env"] = "test" },
        }))["fargateProfile"]!;
        Assert.Equal("CREATING", created["status"]!.GetValue<string>());
        Assert.Matches($"^arn:aws:eks:{Region}:000000000000:fargateprofile/{cluster.Name}/kube-system/[0-9a-f-]{{36}}$", created["fargateProfileArn"]!.GetValue<string>());
        Assert.Equal("kube-dns", created["selectors"]![0]!["labels"]!["k8s-app"]!.GetValue<string>());

        var active = Ok(await wire.GetAsync($"{path}/kube-system"))["fargateProfile"]!;
        Assert.Equal("ACTIVE", active["status"]!.GetValue<string>());
        var spec = Assert.Single(EksOf(fixture.Emulator).SystemSpecOf(Key(cluster)).FargateProfiles);
        Assert.Equal((role, network.PrivateSubnets[0], false), (spec.PodExecutionRoleArn, Assert.Single(spec.Subnets).SubnetId, spec.Subnets[0].IsPublic));
        Assert.Equal(2, spec.Selectors.Count);

        // Without subnets, the cluster's private ones (not its public one).
        var defaulted = Ok(await wire.PostAsync(path, new JsonObject
        {
            ["fargateProfileName"] = "flux",
            ["podExecutionRoleArn"] = role,
            ["selectors"] = new JsonArray(new JsonObject { ["namespace"] = "flux-system" }),
        }))["fargateProfile"]!;
        Assert.Equal(network.PrivateSubnets, defaulted["subnets"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["flux", "kube-system"], Ok(await wire.GetAsync(path))["fargateProfileNames"]!.AsArray().Select(n => n!.GetValue<string>()));

        // The cluster cannot go while it has profiles.
        await Fails(() => eks.DeleteClusterAsync(cluster.Name, Ct), "ResourceInUseException", HttpStatusCode.Conflict);
        Assert.Equal("DELETING", Ok(await wire.DeleteAsync($"{path}/kube-system"))["fargateProfile"]!["status"]!.GetValue<string>());
        Assert.Equal("No Fargate Profile found with name: kube-system.",
            Error(await wire.GetAsync($"{path}/kube-system"), "ResourceNotFoundException", HttpStatusCode.NotFound));
        Ok(await wire.DeleteAsync($"{path}/flux"));
        Assert.Empty(Ok(await wire.GetAsync(path))["fargateProfileNames"]!.AsArray());
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Public_subnets_bad_roles_and_bad_selectors_are_refused_and_leave_nothing()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var network = await EksNetworkKit.NetworkAsync(Endpoint(fixture), withPublic: true);
        var cluster = await eks.CreateClusterAsync(new CreateClusterRequest
        {
            Name = Unique("fargate-bad"),
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            SubnetIds = network.PrivateSubnets,
        }, Ct);
        var role = await RoleAsync(iam, TrustFargate, "fargate-pods");
        var path = $"/clusters/{cluster.Name}/fargate-profiles";
        JsonObject Profile(string name = "p") => new()
        {
            ["fargateProfileName"] = name,
            ["podExecutionRoleArn"] = role,
            ["selectors"] = new JsonArray(new JsonObject { ["namespace"] = "default" }),
        };

        var publicSubnet = Profile();
        publicSubnet["subnets"] = new JsonArray(network.PublicSubnet!);
        var refused = await wire.PostAsync(path, publicSubnet);
        Assert.Equal($"Subnet {network.PublicSubnet} provided in Fargate Profile is not a private subnet", Error(refused, "InvalidParameterException", HttpStatusCode.BadRequest));
        Assert.Equal("p", refused.Body["fargateProfileName"]!.GetValue<string>());
        var missing = Profile();
        missing["subnets"] = new JsonArray("subnet-0123456789abcdef0");
        Assert.StartsWith("The subnet ID 'subnet-0123456789abcdef0' does not exist", Error(await wire.PostAsync(path, missing), "InvalidParameterException", HttpStatusCode.BadRequest), StringComparison.Ordinal);

        var noRole = Profile();
        noRole.Remove("podExecutionRoleArn");
        Error(await wire.PostAsync(path, noRole), "InvalidParameterException", HttpStatusCode.BadRequest);
        var absentRole = Profile();
        absentRole["podExecutionRoleArn"] = "arn:aws:iam::000000000000:role/" + Unique("absent");
        Error(await wire.PostAsync(path, absentRole), "InvalidParameterException", HttpStatusCode.BadRequest);
        var eksRole = Profile();
        eksRole["podExecutionRoleArn"] = cluster.RoleArn;
        Assert.Equal("Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal",
            Error(await wire.PostAsync(path, eksRole), "InvalidParameterException", HttpStatusCode.BadRequest));

        var six = Profile();
        six["selectors"] = new JsonArray([.. Enumerable.Range(0, 6).Select(i => (JsonNode)new JsonObject { ["namespace"] = $"ns{i}" })]);
        Error(await wire.PostAsync(path, six), "InvalidParameterException", HttpStatusCode.BadRequest);
        var none = Profile();
        none["selectors"] = new JsonArray();
        Error(await wire.PostAsync(path, none), "InvalidParameterException", HttpStatusCode.BadRequest);
        var noNamespace = Profile();
        noNamespace["selectors"] = new JsonArray(new JsonObject { ["labels"] = new JsonObject { ["a"] = "b" } });
        Error(await wire.PostAsync(path, noNamespace), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.PostAsync(path, Profile("-bad")), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Empty(Ok(await wire.GetAsync(path))["fargateProfileNames"]!.AsArray());

        Ok(await wire.PostAsync(path, Profile()));
        Assert.Equal("A Fargate Profile already exists with this name in this cluster.",
            Error(await wire.PostAsync(path, Profile()), "ResourceInUseException", HttpStatusCode.Conflict));
        Ok(await wire.DeleteAsync($"{path}/p"));
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task A_cluster_changes_one_profile_at_a_time()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            TimeProvider = clock,
            AllowedClockSkew = TimeSpan.FromHours(1),
            Eks = new Aws.Eks.EksOptions { FargateProfileTransition = TimeSpan.FromMinutes(2) },
        }, cancellationToken: Ct);
        using var iam = NewIam(emulator.Endpoint, EksNetworkKit.Root);
        using var eks = NewEks(emulator.Endpoint, EksNetworkKit.Root);
        using var wire = new EksWire(emulator.Endpoint, EksNetworkKit.Root);
        var cluster = await ClusterAsync(eks, iam, "serial");
        var role = await RoleAsync(iam, TrustFargate, "fargate-pods");
        var path = $"/clusters/{cluster.Name}/fargate-profiles";
        JsonObject Profile(string name) => new()
        {
            ["fargateProfileName"] = name,
            ["podExecutionRoleArn"] = role,
            ["selectors"] = new JsonArray(new JsonObject { ["namespace"] = name }),
        };

        Ok(await wire.PostAsync(path, Profile("a")));
        Assert.Equal($"Cannot create Fargate Profile b because cluster {cluster.Name} currently has Fargate profile a in status CREATING",
            Error(await wire.PostAsync(path, Profile("b")), "ResourceInUseException", HttpStatusCode.Conflict));
        // A CREATING profile is not yet one the cluster places pods with.
        Assert.Empty(EksOf(emulator).SystemSpecOf(Key(cluster)).FargateProfiles);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("ACTIVE", Ok(await wire.GetAsync($"{path}/a"))["fargateProfile"]!["status"]!.GetValue<string>());
        Ok(await wire.PostAsync(path, Profile("b")));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("DELETING", Ok(await wire.DeleteAsync($"{path}/a"))["fargateProfile"]!["status"]!.GetValue<string>());
        Assert.Equal($"Cannot Delete Fargate Profile b because cluster {cluster.Name} currently has Fargate profile a in status DELETING",
            Error(await wire.DeleteAsync($"{path}/b"), "ResourceInUseException", HttpStatusCode.Conflict));
        Assert.Equal("DELETING", Ok(await wire.GetAsync($"{path}/a"))["fargateProfile"]!["status"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(2));
        Error(await wire.GetAsync($"{path}/a"), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Ok(await wire.DeleteAsync($"{path}/b"));
    }
}

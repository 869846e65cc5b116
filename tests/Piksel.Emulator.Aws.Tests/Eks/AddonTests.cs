using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksWire;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Add-ons as EKS serves them: the pinned catalogue, CREATING until the cluster reports them installed, updates, deletes.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AddonTests(EmulatorFixture fixture)
{
    private const string CniRole = "arn:aws:iam::000000000000:role/vpc-cni";

    private static string Status(Answer answer) => Ok(answer)["addon"]!["status"]!.GetValue<string>();

    [Fact]
    public async Task An_addon_is_created_reported_installed_updated_and_deleted()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "addons");
        var service = EksOf(fixture.Emulator);
        var path = $"/clusters/{cluster.Name}/addons";

        var created = Ok(await wire.PostAsync(path, new JsonObject
        {
            ["addonName"] = "vpc-cni",
            ["serviceAccountRoleArn"] = CniRole,
            ["configurationValues"] = """{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}""",
            ["resolveConflicts"] = "OVERWRITE",
            ["tags"] = new JsonObject { ["team"] = "platform" },
        }))["addon"]!;
        Assert.Equal("CREATING", created["status"]!.GetValue<string>());
        Assert.Equal("v1.20.1-eksbuild.3", created["addonVersion"]!.GetValue<string>());
        Assert.Equal(CniRole, created["serviceAccountRoleArn"]!.GetValue<string>());
        Assert.Equal("platform", created["tags"]!["team"]!.GetValue<string>());
        Assert.Matches($"^arn:aws:eks:{Region}:000000000000:addon/{cluster.Name}/vpc-cni/[0-9a-f-]{{36}}$", created["addonArn"]!.GetValue<string>());

        // What the cluster's system layer reads; its add-on manager applies it and reports it installed: ACTIVE by itself.
        var spec = Assert.Single(service.SystemSpecOf(Key(cluster)).Addons);
        Assert.Equal(("vpc-cni", "v1.20.1-eksbuild.3", CniRole, false), (spec.Name, spec.Version, spec.ServiceAccountRoleArn, spec.Deleting));
        await SystemLayer.SystemLayerCluster.EventuallyAsync(async () => Status(await wire.GetAsync($"{path}/vpc-cni")), s => s == "ACTIVE", "vpc-cni ACTIVE");
        Assert.Equal(["vpc-cni"], Ok(await wire.GetAsync(path))["addons"]!.AsArray().Select(n => n!.GetValue<string>()));

        var update = Ok(await wire.PostAsync($"{path}/vpc-cni/update", new JsonObject { ["addonVersion"] = "v1.19.6-eksbuild.7" }))["update"]!;
        Assert.Equal(("InProgress", "AddonUpdate"), (update["status"]!.GetValue<string>(), update["type"]!.GetValue<string>()));
        Assert.Equal("AddonVersion", update["params"]![0]!["type"]!.GetValue<string>());
        var id = update["id"]!.GetValue<string>();
        Assert.Equal("v1.19.6-eksbuild.7", Assert.Single(service.SystemSpecOf(Key(cluster)).Addons).Version);
        // The update ends with its add-on applied: Successful, and the add-on ACTIVE at the new version.
        await SystemLayer.SystemLayerCluster.EventuallyAsync(
            async () => Ok(await wire.GetAsync($"/clusters/{cluster.Name}/updates/{id}?addonName=vpc-cni"))["update"]!["status"]!.GetValue<string>(),
            s => s != "InProgress", "the add-on update to finish");
        Assert.Equal("Successful", Ok(await wire.GetAsync($"/clusters/{cluster.Name}/updates/{id}?addonName=vpc-cni"))["update"]!["status"]!.GetValue<string>());
        var updated = Ok(await wire.GetAsync($"{path}/vpc-cni"))["addon"]!;
        Assert.Equal(("ACTIVE", "v1.19.6-eksbuild.7"), (updated["status"]!.GetValue<string>(), updated["addonVersion"]!.GetValue<string>()));
        Assert.Equal([id], Ok(await wire.GetAsync($"/clusters/{cluster.Name}/updates?addonName=vpc-cni"))["updateIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(Ok(await wire.GetAsync($"/clusters/{cluster.Name}/updates"))["updateIds"]!.AsArray());
        Error(await wire.GetAsync($"/clusters/{cluster.Name}/updates/{id}"), "ResourceNotFoundException", HttpStatusCode.NotFound);

        var deleting = Ok(await wire.DeleteAsync($"{path}/vpc-cni?preserve=true"))["addon"]!;
        Assert.Equal("DELETING", deleting["status"]!.GetValue<string>());
        // The add-on manager removes it and reports it gone; then EKS forgets it.
        await SystemLayer.SystemLayerCluster.EventuallyAsync(async () => (await wire.GetAsync($"{path}/vpc-cni")).Status, s => s == HttpStatusCode.NotFound, "vpc-cni gone");
        var gone = Error(await wire.GetAsync($"{path}/vpc-cni"), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Assert.Equal($"No addon: vpc-cni found in cluster: {cluster.Name}", gone);
        Assert.Empty(service.SystemSpecOf(Key(cluster)).Addons);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Bad_names_versions_values_and_duplicates_are_refused_and_leave_nothing()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "bad-addons");
        var path = $"/clusters/{cluster.Name}/addons";

        Assert.Equal("Addon specified is not supported",
            Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "no-such-addon" }), "InvalidParameterException", HttpStatusCode.BadRequest));
        var version = await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns", ["addonVersion"] = "v9.9.9-eksbuild.1" });
        Assert.Equal("Addon version specified is not supported", Error(version, "InvalidParameterException", HttpStatusCode.BadRequest));
        Assert.Equal(cluster.Name, version.Body["clusterName"]!.GetValue<string>());
        Assert.Equal("coredns", version.Body["addonName"]!.GetValue<string>());
        // A version of another minor is not one this cluster (1.33) can run.
        Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "kube-proxy", ["addonVersion"] = "v1.30.14-eksbuild.12" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        foreach (var values in new[] { "not: [valid", "[1, 2]", "just text", "{\"a\":" })
        {
            var refused = Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns", ["configurationValues"] = values }), "InvalidParameterException", HttpStatusCode.BadRequest);
            Assert.StartsWith("ConfigurationValue provided in request is not supported", refused, StringComparison.Ordinal);
        }
        Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns", ["resolveConflicts"] = "MAYBE" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns", ["serviceAccountRoleArn"] = "arn:aws:iam::000000000000:user/x" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Empty(Ok(await wire.GetAsync(path))["addons"]!.AsArray());

        // YAML is accepted as well as JSON.
        Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns", ["configurationValues"] = "replicaCount: 3\nresources:\n  limits:\n    memory: 256Mi\n" }));
        Assert.Equal("Addon already exists.",
            Error(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns" }), "ResourceInUseException", HttpStatusCode.Conflict));
        Assert.Equal($"No cluster found for name: nope-{cluster.Name}.",
            Error(await wire.PostAsync($"/clusters/nope-{cluster.Name}/addons", new JsonObject { ["addonName"] = "coredns" }), "ResourceNotFoundException", HttpStatusCode.NotFound));
        Error(await wire.GetAsync($"{path}/kube-proxy"), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Error(await wire.DeleteAsync($"{path}/coredns?preserve=perhaps"), "InvalidParameterException", HttpStatusCode.BadRequest);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Each_minor_gets_its_default_version_and_the_catalogue_says_which()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "minor", version: "1.30");
        var path = $"/clusters/{cluster.Name}/addons";

        Assert.Equal("v1.11.4-eksbuild.24", Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "coredns" }))["addon"]!["addonVersion"]!.GetValue<string>());
        Assert.Equal("v1.30.14-eksbuild.12", Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "kube-proxy" }))["addon"]!["addonVersion"]!.GetValue<string>());
        Assert.Equal("v1.44.0-eksbuild.1", Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "aws-ebs-csi-driver" }))["addon"]!["addonVersion"]!.GetValue<string>());

        var coredns = Assert.Single(Ok(await wire.GetAsync("/addons/supported-versions?kubernetesVersion=1.33&addonName=coredns"))["addons"]!.AsArray())!;
        Assert.Equal("networking", coredns["type"]!.GetValue<string>());
        var defaults = coredns["addonVersions"]!.AsArray()
            .Where(v => v!["compatibilities"]!.AsArray().Any(c => c!["clusterVersion"]!.GetValue<string>() == "1.33" && c["defaultVersion"]!.GetValue<bool>()))
            .Select(v => v!["addonVersion"]!.GetValue<string>());
        Assert.Equal(["v1.12.4-eksbuild.1"], defaults);
        var all = Ok(await wire.GetAsync("/addons/supported-versions?kubernetesVersion=1.29"))["addons"]!.AsArray().Select(a => a!["addonName"]!.GetValue<string>());
        Assert.Equal(["coredns", "kube-proxy", "vpc-cni", "aws-ebs-csi-driver"], all);
        Assert.Equal(["aws-ebs-csi-driver"], Ok(await wire.GetAsync("/addons/supported-versions?types=storage"))["addons"]!.AsArray().Select(a => a!["addonName"]!.GetValue<string>()));
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task A_report_of_failure_shows_as_create_failed_with_its_health_issue()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique("failing"), await ClusterRoleAsync(iam, Unique("eks-role")));
        var path = $"/clusters/{cluster.Name}/addons";
        // Someone else owns a field the add-on sets: with resolveConflicts NONE the add-on manager refuses and reports why.
        using var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        var account = new k8s.Models.V1ServiceAccount
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "ebs-csi-controller-sa", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "mine" } },
        };
        await SystemLayer.SystemLayerCluster.EventuallyAsync(async () =>
        {
            try
            {
                await k8s.CoreV1OperationsExtensions.CreateNamespacedServiceAccountAsync(kube.CoreV1, account, "kube-system", cancellationToken: Ct);
                return true;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false; // kube-system is not there yet
            }
        }, made => made, "kube-system");
        Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "aws-ebs-csi-driver", ["resolveConflicts"] = "NONE" }));

        var addon = await SystemLayer.SystemLayerCluster.EventuallyAsync(async () => Ok(await wire.GetAsync($"{path}/aws-ebs-csi-driver"))["addon"]!,
            a => a["status"]!.GetValue<string>() != "CREATING", "the add-on manager's report");
        Assert.Equal("CREATE_FAILED", addon["status"]!.GetValue<string>());
        var issue = Assert.Single(addon["health"]!["issues"]!.AsArray())!;
        Assert.Equal("ConfigurationConflict", issue["code"]!.GetValue<string>());
        Assert.StartsWith("Conflicts found when trying to apply.", issue["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The manager reports again only when its outcome changes, so these reports stand: installed but unhealthy is
        // DEGRADED; healthy again is ACTIVE with no issue.
        EksOf(fixture.Emulator).AddonReport(Key(cluster), "aws-ebs-csi-driver", installed: true, issue: "0 of 2 replicas ready");
        Assert.Equal("DEGRADED", Ok(await wire.GetAsync($"{path}/aws-ebs-csi-driver"))["addon"]!["status"]!.GetValue<string>());
        EksOf(fixture.Emulator).AddonReport(Key(cluster), "aws-ebs-csi-driver", installed: true, issue: null);
        addon = Ok(await wire.GetAsync($"{path}/aws-ebs-csi-driver"))["addon"]!;
        Assert.Equal("ACTIVE", addon["status"]!.GetValue<string>());
        Assert.Empty(addon["health"]!["issues"]!.AsArray());
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task A_principal_without_eks_CreateAddon_is_refused()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "addon-authz");
        const string ReadOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:Describe*","eks:List*"],"Resource":"*"}]}""";
        var (_, credentials) = await UserAsync(iam, Unique("addon-reader"), ReadOnly);
        using var reader = new EksWire(Endpoint(fixture), credentials);

        var denied = Error(await reader.PostAsync($"/clusters/{cluster.Name}/addons", new JsonObject { ["addonName"] = "coredns" }), "AccessDeniedException", HttpStatusCode.Forbidden);
        Assert.Contains("eks:CreateAddon", denied, StringComparison.Ordinal);
        Assert.Empty(Ok(await reader.GetAsync($"/clusters/{cluster.Name}/addons"))["addons"]!.AsArray());
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task An_addons_pod_identity_associations_are_its_own_and_its_parts_take_tags_by_arn()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "addon-pods");
        var role = await RoleAsync(iam, EksPartsKit.TrustPods, "cni");
        var path = $"/clusters/{cluster.Name}/addons";

        var addon = Ok(await wire.PostAsync(path, new JsonObject
        {
            ["addonName"] = "vpc-cni",
            ["podIdentityAssociations"] = new JsonArray(new JsonObject { ["serviceAccount"] = "aws-node", ["roleArn"] = role }),
        }))["addon"]!;
        var owned = Assert.Single(addon["podIdentityAssociations"]!.AsArray())!.GetValue<string>();
        var listed = Assert.Single(Ok(await wire.GetAsync($"/clusters/{cluster.Name}/pod-identity-associations?namespace=kube-system"))["associations"]!.AsArray())!;
        Assert.Equal((owned, addon["addonArn"]!.GetValue<string>()), (listed["associationArn"]!.GetValue<string>(), listed["ownerArn"]!.GetValue<string>()));
        Assert.StartsWith("Association already exists: ", Error(await wire.PostAsync($"/clusters/{cluster.Name}/pod-identity-associations",
            new JsonObject { ["namespace"] = "kube-system", ["serviceAccount"] = "aws-node", ["roleArn"] = role }), "ResourceInUseException", HttpStatusCode.Conflict), StringComparison.Ordinal);
        // An add-on whose service account is taken is refused whole.
        Error(await wire.PostAsync(path, new JsonObject
        {
            ["addonName"] = "aws-ebs-csi-driver",
            ["podIdentityAssociations"] = new JsonArray(new JsonObject { ["serviceAccount"] = "aws-node", ["roleArn"] = role }),
        }), "ResourceInUseException", HttpStatusCode.Conflict);
        Error(await wire.GetAsync($"{path}/aws-ebs-csi-driver"), "ResourceNotFoundException", HttpStatusCode.NotFound);

        var arn = Uri.EscapeDataString(addon["addonArn"]!.GetValue<string>());
        Ok(await wire.PostAsync($"/tags/{arn}", new JsonObject { ["tags"] = new JsonObject { ["owner"] = "platform" } }));
        Assert.Equal("platform", Ok(await wire.GetAsync($"/tags/{arn}"))["tags"]!["owner"]!.GetValue<string>());
        Assert.Equal("platform", Ok(await wire.GetAsync($"{path}/vpc-cni"))["addon"]!["tags"]!["owner"]!.GetValue<string>());
        Ok(await wire.PostAsync($"/tags/{Uri.EscapeDataString(owned)}", new JsonObject { ["tags"] = new JsonObject { ["owner"] = "cni" } }));
        Assert.Equal("cni", Ok(await wire.GetAsync($"/tags/{Uri.EscapeDataString(owned)}"))["tags"]!["owner"]!.GetValue<string>());

        Ok(await wire.DeleteAsync($"{path}/vpc-cni"));
        Assert.Empty(Ok(await wire.GetAsync($"/clusters/{cluster.Name}/pod-identity-associations"))["associations"]!.AsArray());
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Without_a_cluster_to_report_addons_can_be_installed_by_eks_itself()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, Eks = new Aws.Eks.EksOptions { InstallAddonsWithoutCluster = true } }, cancellationToken: Ct);
        using var iam = NewIam(emulator.Endpoint, EksNetworkKit.Root);
        using var eks = NewEks(emulator.Endpoint, EksNetworkKit.Root);
        using var wire = new EksWire(emulator.Endpoint, EksNetworkKit.Root);
        var cluster = await ClusterAsync(eks, iam, "self");
        var path = $"/clusters/{cluster.Name}/addons";

        Assert.Equal("CREATING", Ok(await wire.PostAsync(path, new JsonObject { ["addonName"] = "kube-proxy" }))["addon"]!["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", Ok(await wire.GetAsync($"{path}/kube-proxy"))["addon"]!["status"]!.GetValue<string>());
        var update = Ok(await wire.PostAsync($"{path}/kube-proxy/update", new JsonObject { ["configurationValues"] = "{}" }))["update"]!;
        Assert.Equal("Successful", Ok(await wire.GetAsync($"/clusters/{cluster.Name}/updates/{update["id"]!.GetValue<string>()}?addonName=kube-proxy"))["update"]!["status"]!.GetValue<string>());
        Assert.Equal("DELETING", Ok(await wire.DeleteAsync($"{path}/kube-proxy"))["addon"]!["status"]!.GetValue<string>());
        Error(await wire.GetAsync($"{path}/kube-proxy"), "ResourceNotFoundException", HttpStatusCode.NotFound);
    }
}

using System.Text.Json.Nodes;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksWire;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Add-ons, their updates, Fargate profiles and Pod Identity associations are durable: a restart finds them as they were.</summary>
public sealed class PartsDurabilityTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "piksel-eks-parts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_clusters_parts_survive_a_restart_of_the_emulator()
    {
        string clusterName, associationId, updateId;
        await using (var first = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory }, cancellationToken: Ct))
        {
            using var iam = NewIam(first.Endpoint, EksNetworkKit.Root);
            using var eks = NewEks(first.Endpoint, EksNetworkKit.Root);
            using var wire = new EksWire(first.Endpoint, EksNetworkKit.Root);
            var cluster = await ClusterAsync(eks, iam, "durable-parts");
            clusterName = cluster.Name;
            Ok(await wire.PostAsync($"/clusters/{clusterName}/addons", new JsonObject { ["addonName"] = "coredns", ["configurationValues"] = "replicaCount: 3" }));
            // The cluster's add-on manager applies it: ACTIVE by itself, then the update can begin.
            await SystemLayer.SystemLayerCluster.EventuallyAsync(
                async () => Ok(await wire.GetAsync($"/clusters/{clusterName}/addons/coredns"))["addon"]!["status"]!.GetValue<string>(), s => s == "ACTIVE", "coredns ACTIVE");
            updateId = Ok(await wire.PostAsync($"/clusters/{clusterName}/addons/coredns/update", new JsonObject { ["addonVersion"] = "v1.12.2-eksbuild.4" }))["update"]!["id"]!.GetValue<string>();
            Ok(await wire.PostAsync($"/clusters/{clusterName}/fargate-profiles", new JsonObject
            {
                ["fargateProfileName"] = "kube-system",
                ["podExecutionRoleArn"] = await RoleAsync(iam, TrustFargate, "fargate-pods"),
                ["selectors"] = new JsonArray(new JsonObject { ["namespace"] = "kube-system" }),
            }));
            associationId = Ok(await wire.PostAsync($"/clusters/{clusterName}/pod-identity-associations",
                new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = await RoleAsync(iam, TrustPods, "pods") }))["association"]!["associationId"]!.GetValue<string>();
        }

        await using var second = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory }, cancellationToken: Ct);
        using var again = new EksWire(second.Endpoint, EksNetworkKit.Root);
        // The update kept across the restart ends Successful (applied before the stop or by the restarted cluster's add-on manager).
        await SystemLayer.SystemLayerCluster.EventuallyAsync(
            async () => Ok(await again.GetAsync($"/clusters/{clusterName}/updates/{updateId}?addonName=coredns"))["update"]!["status"]!.GetValue<string>(),
            s => s != "InProgress", "the coredns update to finish");
        Assert.Equal("Successful", Ok(await again.GetAsync($"/clusters/{clusterName}/updates/{updateId}?addonName=coredns"))["update"]!["status"]!.GetValue<string>());
        var addon = Ok(await again.GetAsync($"/clusters/{clusterName}/addons/coredns"))["addon"]!;
        Assert.Equal(("ACTIVE", "v1.12.2-eksbuild.4", "replicaCount: 3"),
            (addon["status"]!.GetValue<string>(), addon["addonVersion"]!.GetValue<string>(), addon["configurationValues"]!.GetValue<string>()));
        Assert.Equal("ACTIVE", Ok(await again.GetAsync($"/clusters/{clusterName}/fargate-profiles/kube-system"))["fargateProfile"]!["status"]!.GetValue<string>());
        Assert.Equal("reader", Ok(await again.GetAsync($"/clusters/{clusterName}/pod-identity-associations/{associationId}"))["association"]!["serviceAccount"]!.GetValue<string>());

        Ok(await again.DeleteAsync($"/clusters/{clusterName}/fargate-profiles/kube-system"));
        Ok(await again.DeleteAsync($"/clusters/{clusterName}"));
    }
}

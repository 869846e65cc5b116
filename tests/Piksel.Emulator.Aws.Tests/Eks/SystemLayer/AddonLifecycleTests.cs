using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using static Piksel.Emulator.Aws.Tests.Eks.SystemLayer.SystemLayerCluster;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>Add-ons updated, deleted (or preserved) and defended against changes by others as resolveConflicts says.</summary>
public sealed class AddonLifecycleTests
{
    private static V1Patch Replicas(int n) => new("{\"spec\":{\"replicas\":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}", V1Patch.PatchType.MergePatch);

    [Fact]
    public async Task Deleting_an_add_on_removes_its_objects_unless_it_is_preserved()
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1"), Addon("kube-proxy", "v1.33.5-eksbuild.2")] });
        await cluster.ReportAsync(r => r.AddonName == "kube-proxy" && r.Installed);

        cluster.Update(s => s with { Addons = [.. s.Addons.Select(a => a with { Deleting = true, Preserve = a.Name == "kube-proxy" })] });
        Assert.Equal(new AddonReport("coredns", false, null, null), await cluster.ReportAsync(r => r.AddonName == "coredns" && !r.Installed));
        await cluster.ReportAsync(r => r.AddonName == "kube-proxy" && !r.Installed);

        var kube = cluster.Client;
        await AssertGone(() => kube.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct));
        await AssertGone(() => kube.CoreV1.ReadNamespacedServiceAsync("kube-dns", "kube-system", cancellationToken: Ct));
        await AssertGone(() => kube.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system", cancellationToken: Ct));
        await AssertGone(() => kube.RbacAuthorizationV1.ReadClusterRoleAsync("system:coredns", cancellationToken: Ct));
        await AssertGone(() => kube.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("coredns", "kube-system", cancellationToken: Ct));
        // Preserved: the objects stay for whoever manages them next.
        Assert.NotNull(await kube.AppsV1.ReadNamespacedDaemonSetAsync("kube-proxy", "kube-system", cancellationToken: Ct));
        Assert.NotNull(await kube.CoreV1.ReadNamespacedConfigMapAsync("kube-proxy-config", "kube-system", cancellationToken: Ct));
    }

    [Fact]
    public async Task Overwrite_resets_a_field_someone_else_changed()
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1", resolve: "OVERWRITE")] });
        await cluster.ReportAsync(r => r.AddonName == "coredns" && r.Installed);

        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(Replicas(5), "coredns", "kube-system", cancellationToken: Ct);

        await EventuallyAsync(
            () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct),
            d => d.Spec.Replicas == 2, "coredns back to 2 replicas");
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("PRESERVE")]
    public async Task None_and_preserve_keep_a_field_someone_else_changed(string resolve)
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1", resolve: resolve)] });
        await cluster.ReportAsync(r => r.AddonName == "coredns" && r.Installed);

        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(Replicas(5), "coredns", "kube-system", cancellationToken: Ct);
        // A pass that installs another add-on has looked at coredns first (add-ons are reconciled in order).
        cluster.Update(s => s with { Addons = [.. s.Addons, Addon("kube-proxy", "v1.33.5-eksbuild.2")] });
        await cluster.ReportAsync(r => r.AddonName == "kube-proxy" && r.Installed);

        Assert.Equal(5, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct)).Spec.Replicas);
    }

    [Fact]
    public async Task A_new_version_updates_the_image_without_a_conflict()
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("coredns", "v1.12.2-eksbuild.4", resolve: "NONE")] });
        await cluster.ReportAsync(r => r.AddonName == "coredns" && r.Installed);

        cluster.Update(s => s with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1", resolve: "NONE")] });

        await EventuallyAsync(
            () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct),
            d => d.Spec.Template.Spec.Containers[0].Image.EndsWith("/eks/coredns:v1.12.4-eksbuild.1", StringComparison.Ordinal), "the new image");
        Assert.DoesNotContain(cluster.Reports, r => r.IssueCode is not null);
    }

    [Fact]
    public async Task An_update_the_cluster_had_not_applied_before_a_restart_is_applied_after_it_without_a_conflict()
    {
        var data = Directory.CreateTempSubdirectory("piksel-addon-restart-").FullName;
        try
        {
            var before = Addon("coredns", "v1.12.2-eksbuild.4", resolve: "NONE");
            await using (var first = await StartAsync(EmptySpec() with { Addons = [before] }, data))
                await first.ReportAsync(r => r.AddonName == "coredns" && r.Installed);

            // The EKS API accepted the update while the cluster was down: a new manager finds the old objects, which are
            // EKS's own (the revision last reported installed), so the new image is no conflict.
            var updating = Addon("coredns", "v1.12.4-eksbuild.1", resolve: "NONE") with { Installed = new AddonRevision(before.Version, null, null) };
            await using var second = await StartAsync(EmptySpec() with { Addons = [updating] }, data);
            var report = await second.ReportAsync(r => r.AddonName == "coredns");

            Assert.Equal(new AddonReport("coredns", true, null, null), report);
            var image = (await second.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct)).Spec.Template.Spec.Containers[0].Image;
            Assert.EndsWith("/eks/coredns:v1.12.4-eksbuild.1", image, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Creating_over_a_changed_self_managed_object_with_none_reports_a_configuration_conflict()
    {
        await using var cluster = await StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "coredns" },
            Data = new Dictionary<string, string> { ["Corefile"] = ".:53 {\n    forward . 8.8.8.8\n}\n" },
        }, "kube-system", cancellationToken: Ct);

        cluster.Update(s => s with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1", resolve: "NONE")] });
        var report = await cluster.ReportAsync(r => r.AddonName == "coredns");

        Assert.False(report.Installed);
        Assert.Equal("ConfigurationConflict", report.IssueCode);
        Assert.Equal("Conflicts found when trying to apply. Will not continue due to resolve conflicts mode. Conflicts:\nConfigMap coredns - .data.Corefile", report.IssueMessage);
        // Nothing was applied.
        await AssertGone(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("coredns", "kube-system", cancellationToken: Ct));

        // OVERWRITE takes the object over with EKS's values.
        cluster.Update(s => s with { Addons = [Addon("coredns", "v1.12.4-eksbuild.1", resolve: "OVERWRITE")] });
        await cluster.ReportAsync(r => r.AddonName == "coredns" && r.Installed);
        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system", cancellationToken: Ct)).Data["Corefile"];
        Assert.Contains("forward . /etc/resolv.conf", corefile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_add_on_without_cluster_objects_is_reported_installed()
    {
        await using var cluster = await StartAsync(EmptySpec() with { Addons = [Addon("metrics-server", "v0.7.2-eksbuild.1")] });
        Assert.Equal(new AddonReport("metrics-server", true, null, null), await cluster.ReportAsync(r => r.AddonName == "metrics-server"));
    }

    private static async Task AssertGone(Func<Task> read)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(read);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}

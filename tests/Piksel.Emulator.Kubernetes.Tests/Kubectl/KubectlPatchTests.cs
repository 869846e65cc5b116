using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>kubectl commands that PATCH: label, annotate, patch (merge, json, strategic), server-side apply and diff.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlPatchTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private async Task<(KubectlRunner Kubectl, string Ns)> ArrangeAsync(string version, string prefix)
    {
        var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync(prefix);
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.App(ns).Split("---\n", 2)[1]));
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "plain")));
        return (kubectl, ns);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Label_and_annotate(string version)
    {
        var (kubectl, ns) = await ArrangeAsync(version, "label");
        using var _ = kubectl;
        Prints(Ok(await kubectl.RunAsync("label", "configmap", "plain", "-n", ns, "tier=backend")), "configmap/plain labeled");
        // kubectl 1.27 prints "annotate" itself (its print flags lost the "d": kubernetes/kubectl#1462, fixed in 1.28).
        var annotated = version == "1.27" ? "configmap/plain annotate" : "configmap/plain annotated";
        Prints(Ok(await kubectl.RunAsync("annotate", "configmap", "plain", "-n", ns, "owner=team-a")), annotated);
        Assert.Equal("backend team-a", Ok(await kubectl.RunAsync("get", "cm", "plain", "-n", ns, "-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner}")).Stdout);
        Assert.Equal("configmap/plain", Ok(await kubectl.RunAsync("get", "cm", "-n", ns, "-l", "tier=backend", "-o", "name")).Stdout.Trim());
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Patch_merge_json_and_strategic(string version)
    {
        var (kubectl, ns) = await ArrangeAsync(version, "patch");
        using var _ = kubectl;
        Prints(Ok(await kubectl.RunAsync("patch", "configmap", "plain", "-n", ns, "--type=merge", "-p", """{"data":{"size":"xl"}}""")), "configmap/plain patched");
        Prints(Ok(await kubectl.RunAsync("patch", "configmap", "plain", "-n", ns, "--type=json", "-p", """[{"op":"replace","path":"/data/color","value":"red"}]""")), "configmap/plain patched");
        Assert.Equal("red xl", Ok(await kubectl.RunAsync("get", "cm", "plain", "-n", ns, "-o", "jsonpath={.data.color} {.data.size}")).Stdout);

        // Strategic merge: the container list merges by name, so the other fields of "web" stay.
        Ok(await kubectl.RunAsync("patch", "deployment", "web", "-n", ns, "--type=strategic", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}"""));
        Assert.Equal("nginx:1.28 80", Ok(await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}")).Stdout);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Apply_changes_then_server_side_apply(string version)
    {
        var (kubectl, ns) = await ArrangeAsync(version, "ssa");
        using var _ = kubectl;
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "plain").Replace("blue", "green", StringComparison.Ordinal))), "configmap/plain configured");
        Prints(Ok(await kubectl.RunAsync(["apply", "--server-side", "--force-conflicts", "-f", "-"], Manifests.ConfigMap(ns, "plain").Replace("blue", "purple", StringComparison.Ordinal))), "configmap/plain serverside-applied");
        Prints(Ok(await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifests.ConfigMap(ns, "fresh"))), "configmap/fresh serverside-applied");
        Assert.Equal("purple", Ok(await kubectl.RunAsync("get", "cm", "plain", "-n", ns, "-o", "jsonpath={.data.color}")).Stdout);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Diff_exits_0_when_unchanged_and_1_with_changes(string version)
    {
        var (kubectl, ns) = await ArrangeAsync(version, "diff");
        using var _ = kubectl;
        var same = await kubectl.RunAsync(["diff", "-f", "-"], Manifests.ConfigMap(ns, "plain"));
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal("", same.Stdout);

        var changed = await kubectl.RunAsync(["diff", "-f", "-"], Manifests.ConfigMap(ns, "plain").Replace("blue", "green", StringComparison.Ordinal));
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Prints(changed, "-  color: blue", "+  color: green");
        Assert.Equal("blue", Ok(await kubectl.RunAsync("get", "cm", "plain", "-n", ns, "-o", "jsonpath={.data.color}")).Stdout);
    }
}

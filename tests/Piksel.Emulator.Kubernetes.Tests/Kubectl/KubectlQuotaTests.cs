using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>LimitRange defaults, quota refusals and quota status as kubectl users see them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlQuotaTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Guards(string ns) => $"""
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
          namespace: {ns}
        spec:
          limits:
          - type: Container
            default: {"{"}cpu: 500m, memory: 128Mi{"}"}
            defaultRequest: {"{"}cpu: 100m, memory: 64Mi{"}"}
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: compute
          namespace: {ns}
        spec:
          hard: {"{"}pods: "1", requests.cpu: "1", limits.memory: 1Gi{"}"}
        """;

    private static string PodYaml(string ns, string name) => $"""
        apiVersion: v1
        kind: Pod
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          containers:
          - {"{"}name: app, image: busybox{"}"}
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Defaults_quota_refusal_and_status_used(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("kquota");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Guards(ns)));
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], PodYaml(ns, "first")));

        var pod = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "pod", "first", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"64Mi"}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("Burstable", Ok(await kubectl.RunAsync("get", "pod", "first", "-n", ns, "-o", "jsonpath={.status.qosClass}")).Stdout);

        var refused = await kubectl.RunAsync(["apply", "-f", "-"], PodYaml(ns, "second"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1", refused.Stderr, StringComparison.Ordinal);

        Assert.Equal("1 100m 128Mi", Ok(await kubectl.RunAsync("get", "quota", "compute", "-n", ns, "-o", "jsonpath={.status.used.pods} {.status.used.requests\\.cpu} {.status.used.limits\\.memory}")).Stdout);
        Prints(Ok(await kubectl.RunAsync("get", "quota", "-n", ns)), "compute", "pods: 1/1, requests.cpu: 100m/1", "limits.memory: 128Mi/1Gi");
        Prints(Ok(await kubectl.RunAsync("describe", "quota", "compute", "-n", ns)), "Resource", "pods", "requests.cpu   100m");
        Prints(Ok(await kubectl.RunAsync("describe", "limitrange", "defaults", "-n", ns)), "Container", "cpu", "100m", "500m");

        Ok(await kubectl.RunAsync("delete", "pod", "first", "-n", ns, "--grace-period=0", "--force"));
        await fixture.Server.SettleAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("0", Ok(await kubectl.RunAsync("get", "quota", "compute", "-n", ns, "-o", "jsonpath={.status.used.pods}")).Stdout);
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], PodYaml(ns, "second")));
    }
}

using System.Text.Json.Nodes;
using k8s;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>kubectl apply / create / get / delete / wait / watch against the server, on every kubectl version.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlApplyTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private string NewName(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        // Most of these name a namespace a manifest creates: cleared away after the test like the fixture's own.
        fixture.Track(name);
        return name;
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Apply_a_multi_document_manifest_then_reapply_unchanged(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = NewName("apply");
        var first = Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.App(ns)));
        Prints(first, $"namespace/{ns} created", "configmap/settings created", "secret/credentials created", "serviceaccount/web created",
            "deployment.apps/web created", "service/web created", "role.rbac.authorization.k8s.io/reader created",
            "rolebinding.rbac.authorization.k8s.io/web-reader created", "networkpolicy.networking.k8s.io/web created");

        var again = Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.App(ns)));
        Prints(again, $"namespace/{ns} unchanged", "configmap/settings unchanged", "deployment.apps/web unchanged", "networkpolicy.networking.k8s.io/web unchanged");
        Assert.DoesNotContain("configured", again.Stdout, StringComparison.Ordinal);

        var deployment = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", deployment.Metadata.Annotations.Keys);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Get_prints_json_yaml_names_and_tables(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("get");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "settings")));

        var json = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("blue", json["data"]?["color"]?.GetValue<string>());
        Assert.Equal("ConfigMap", json["kind"]?.GetValue<string>());

        Prints(Ok(await kubectl.RunAsync("get", "cm", "settings", "-n", ns, "-o", "yaml")), "kind: ConfigMap", "color: blue", $"namespace: {ns}");
        // Every namespace holds the cluster CA (root-ca-cert-publisher), listed by name order.
        Assert.Equal("configmap/kube-root-ca.crt\nconfigmap/settings", Ok(await kubectl.RunAsync("get", "configmaps", "-n", ns, "-o", "name")).Stdout.Trim());
        var table = Ok(await kubectl.RunAsync("get", "configmaps", "-n", ns));
        Assert.Matches(@"NAME\s+DATA\s+AGE", table.Stdout);
        Assert.Matches(@"settings\s+1\s+\d+", table.Stdout);
        var list = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "configmaps", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("List", list["kind"]?.GetValue<string>());
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Create_configmap_from_literals(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("create");
        Prints(Ok(await kubectl.RunAsync("create", "configmap", "literal", "-n", ns, "--from-literal=a=1", "--from-literal=b=two")), "configmap/literal created");
        var cm = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("literal", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("1", cm.Data["a"]);
        Assert.Equal("two", cm.Data["b"]);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Strict_validation_refuses_unknown_fields_and_warn_reports_them(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("strict");
        var refused = await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "strict", "bogus: true"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"bogus\"", refused.Stderr, StringComparison.Ordinal);

        var warned = await kubectl.RunAsync(["create", "--validate=warn", "-f", "-"], Manifests.ConfigMap(ns, "warned", "bogus: true"));
        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.Contains("unknown field \"bogus\"", warned.Stderr, StringComparison.Ordinal);
        Prints(warned, "configmap/warned created");

        Prints(Ok(await kubectl.RunAsync(["create", "--validate=false", "-f", "-"], Manifests.ConfigMap(ns, "ignored", "bogus: true"))), "configmap/ignored created");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Replace_a_configmap(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("replace");
        Ok(await kubectl.RunAsync(["create", "-f", "-"], Manifests.ConfigMap(ns, "settings")));
        Prints(Ok(await kubectl.RunAsync(["replace", "-f", "-"], Manifests.ConfigMap(ns, "settings").Replace("blue", "green", StringComparison.Ordinal))), "configmap/settings replaced");
        Assert.Equal("green", Ok(await kubectl.RunAsync("get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.color}")).Stdout);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Delete_waits_until_the_object_is_gone(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("delete");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "doomed")));
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "bystander")));
        Prints(Ok(await kubectl.RunAsync("delete", "configmap", "doomed", "-n", ns)), "configmap \"doomed\" deleted");
        var left = Ok(await kubectl.RunAsync("get", "configmaps", "-n", ns, "-o", "name", "--field-selector", "metadata.name!=kube-root-ca.crt"));
        Assert.Equal("configmap/bystander", left.Stdout.Trim());
        var missing = await kubectl.RunAsync("get", "configmap", "doomed", "-n", ns);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("configmaps \"doomed\" not found", missing.Stderr, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Wait_for_a_jsonpath_value_and_for_deletion(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("wait");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "target")));
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "other")));
        Prints(Ok(await kubectl.RunAsync("wait", "configmap/target", "-n", ns, "--for=jsonpath={.data.color}=blue", "--timeout=20s")), "configmap/target condition met");

        // kubectl answers `wait --for=delete` of an object it never saw with silence and exit 0, so a kubectl that starts
        // after the delete (a slow machine) proves nothing: give it longer and try again until it saw the object.
        foreach (var head in new[] { 500, 2_000, 6_000 })
        {
            var name = $"target-{head}";
            Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, name)));
            var waiting = kubectl.RunAsync("wait", $"configmap/{name}", "-n", ns, "--for=delete", "--timeout=30s");
            await Task.Delay(head, TestContext.Current.CancellationToken);
            await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);
            var result = Ok(await waiting);
            if (result.Stdout.Length + result.Stderr.Length > 0)
            {
                Assert.Contains($"configmap/{name}", result.Stdout + result.Stderr, StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail("kubectl wait --for=delete never reported the deletion of an object it was watching");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Get_watch_prints_objects_as_they_are_created(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("watch");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifests.ConfigMap(ns, "before")));
        using var watch = kubectl.StartStreaming("get", "configmaps", "-n", ns, "--watch");
        await watch.WaitForLineAsync("before", TimeSpan.FromSeconds(30));
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new k8s.Models.V1ConfigMap { Metadata = new() { Name = "after" } }, ns, cancellationToken: TestContext.Current.CancellationToken);
        var line = await watch.WaitForLineAsync("after", TimeSpan.FromSeconds(30));
        Assert.StartsWith("after", line.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("error", watch.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}

using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>A CRD's life through kubectl: server-side apply, discovery, columns, schema errors, explain, scale and deletion.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlCrdTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Crd(string group) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
          versions:
          - name: v1beta1
            served: true
            storage: false
            deprecated: true
            deprecationWarning: "{{group}}/v1beta1 Gadget is deprecated; use {{group}}/v1"
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
            additionalPrinterColumns:
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Replicas, type: integer, jsonPath: .spec.replicas}
            - {name: Detail, type: string, jsonPath: .spec.detail, priority: 1}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    description: What the gadget should be.
                    required: [color]
                    properties:
                      color: {type: string, enum: [red, blue], description: The gadget's colour.}
                      replicas: {type: integer, minimum: 0, default: 1}
                      detail: {type: string}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
        """;

    private static string Gadget(string group, string ns, string name, string color, int replicas = 2) => $$"""
        apiVersion: {{group}}/v1
        kind: Gadget
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {color: {{color}}, replicas: {{replicas}}, detail: fine}
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Crd_applies_serves_its_kind_validates_and_goes_with_its_objects(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("crd");
        var group = $"k{version.Replace(".", "", StringComparison.Ordinal)}.{ns}.example.com";
        Prints(Ok(await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Crd(group))), $"customresourcedefinition.apiextensions.k8s.io/gadgets.{group} serverside-applied");
        Ok(await kubectl.RunAsync("wait", "--for=condition=Established", $"crd/gadgets.{group}", "--timeout=30s"));
        Prints(Ok(await kubectl.RunAsync("api-resources", $"--api-group={group}")), "gadgets", "gd", $"{group}/v1", "true", "Gadget");

        Prints(Ok(await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Gadget(group, ns, "one", "red"))), $"gadget.{group}/one serverside-applied");
        var table = Ok(await kubectl.RunAsync("get", $"gadgets.{group}", "-n", ns)).Stdout;
        Assert.Contains("NAME", table, StringComparison.Ordinal);
        Assert.Contains("COLOR", table, StringComparison.Ordinal);
        Assert.Contains("REPLICAS", table, StringComparison.Ordinal);
        Assert.DoesNotContain("DETAIL", table, StringComparison.Ordinal);
        Assert.Contains("red", table, StringComparison.Ordinal);
        Prints(Ok(await kubectl.RunAsync("get", $"gadgets.{group}", "-n", ns, "-o", "wide")), "DETAIL", "fine");

        Prints(Ok(await kubectl.RunAsync("patch", $"gadgets.{group}", "one", "-n", ns, "--type=merge", "-p", """{"spec":{"color":"blue"}}""")), $"gadget.{group}/one patched");
        var strategic = await kubectl.RunAsync("patch", $"gadgets.{group}", "one", "-n", ns, "--type=strategic", "-p", """{"spec":{"color":"red"}}""");
        Assert.NotEqual(0, strategic.ExitCode);
        // kubectl itself refuses: custom resources take no strategic merge patch.
        Assert.Contains("strategic-merge-patch+json is not supported", strategic.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Warning: {group}/v1beta1 Gadget is deprecated; use {group}/v1", Ok(await kubectl.RunAsync("get", $"gadgets.v1beta1.{group}", "-n", ns)).Stderr, StringComparison.Ordinal);

        // One stored object, read through each served version with that version's apiVersion.
        Assert.Equal($"{group}/v1beta1", Ok(await kubectl.RunAsync("get", $"gadgets.v1beta1.{group}", "one", "-n", ns, "-o", "jsonpath={.apiVersion}")).Stdout);
        Assert.Equal($"{group}/v1", Ok(await kubectl.RunAsync("get", $"gadgets.v1.{group}", "one", "-n", ns, "-o", "jsonpath={.apiVersion}")).Stdout);

        var refused = await kubectl.RunAsync(["apply", "-f", "-"], Gadget(group, ns, "two", "green", -1));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0", refused.Stderr, StringComparison.Ordinal);

        var unknown = await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Gadget(group, ns, "three", "blue").Replace("detail: fine", "detail: fine, foo: 1", StringComparison.Ordinal));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown field \"spec.foo\"", unknown.Stderr, StringComparison.Ordinal);

        Prints(Ok(await kubectl.RunAsync("explain", $"gadgets.{group}.spec")), "color", "The gadget's colour.");

        Prints(Ok(await kubectl.RunAsync("scale", $"gadgets.{group}/one", "-n", ns, "--replicas=5")), $"gadget.{group}/one scaled");
        Assert.Equal("5", Ok(await kubectl.RunAsync("get", $"gadgets.{group}", "one", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout);

        Ok(await kubectl.RunAsync("delete", "crd", $"gadgets.{group}", "--timeout=30s"));
        var gone = await kubectl.RunAsync("get", $"gadgets.{group}", "-n", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Empty(fixture.Server.State.Store.List(new Api.ResourceType { Group = group, Version = "v1", Kind = "Gadget", Plural = "gadgets", Singular = "gadget", Namespaced = true }, null).Items);
    }
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Kubernetes.Crds.Cel;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>The platform's CRD manifests: well-formed apiextensions.k8s.io/v1, structural, and every CEL rule compiles.</summary>
public sealed class PlatformCrdsTests
{
    public static TheoryData<string> Names() => [.. All().Select(c => c["metadata"]!["name"]!.GetValue<string>())];

    internal static IEnumerable<JsonObject> All() => PlatformCrds.Karpenter.Concat(PlatformCrds.Flux);

    internal static JsonObject Crd(string name) => All().Single(c => c["metadata"]!["name"]!.GetValue<string>() == name);

    [Fact]
    public void Karpenter_and_Flux_kinds_are_all_there()
    {
        Assert.Equal(["EC2NodeClass", "NodeClaim", "NodePool"], PlatformCrds.Karpenter.Select(Kind).Order(StringComparer.Ordinal));
        Assert.Equal(["GitRepository", "HelmRelease", "HelmRepository", "Kustomization"], PlatformCrds.Flux.Select(Kind).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_is_a_v1_CRD_with_one_storage_version(string name)
    {
        var crd = Crd(name);
        Assert.Equal("apiextensions.k8s.io/v1", crd["apiVersion"]!.GetValue<string>());
        Assert.Equal("CustomResourceDefinition", crd["kind"]!.GetValue<string>());
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        Assert.Equal($"{names["plural"]}.{spec["group"]}", name);
        var versions = spec["versions"]!.AsArray();
        Assert.Single(versions, v => v!["storage"]!.GetValue<bool>());
        foreach (var version in versions)
        {
            Assert.Equal("Ready", version!["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).First(n => n == "Ready"));
            Assert.NotNull(version["subresources"]?["status"]);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_schema_is_structural(string name)
    {
        foreach (var version in Crd(name)["spec"]!["versions"]!.AsArray())
        {
            var root = version!["schema"]!["openAPIV3Schema"]!.AsObject();
            Assert.Equal("object", root["type"]!.GetValue<string>());
            AssertTyped(root, "");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_rule_compiles(string name)
    {
        var rules = Rules(Crd(name)).ToList();
        Assert.All(rules, r => new CelRuleCompiler().Compile(r.Rule, r.Schema));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.Message)));
    }

    [Fact]
    public void The_rule_counts_follow_upstream()
    {
        Assert.Equal(21, Rules(Crd("nodepools.karpenter.sh")).Count());
        Assert.Equal(12, Rules(Crd("nodeclaims.karpenter.sh")).Count());
        Assert.Equal(45, Rules(Crd("ec2nodeclasses.karpenter.k8s.aws")).Count());
        Assert.Single(Rules(Crd("helmreleases.helm.toolkit.fluxcd.io")));
    }

    internal static IEnumerable<(string Path, string Rule, string Message, JsonObject Schema)> Rules(JsonObject crd)
    {
        var root = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        return Walk(root, "");

        static IEnumerable<(string, string, string, JsonObject)> Walk(JsonObject schema, string path)
        {
            foreach (var rule in schema["x-kubernetes-validations"]?.AsArray() ?? [])
            {
                yield return (path, rule!["rule"]!.GetValue<string>(), rule["message"]?.GetValue<string>() ?? "", schema);
            }

            foreach (var (child, childPath) in Children(schema, path))
            {
                foreach (var found in Walk(child, childPath))
                {
                    yield return found;
                }
            }
        }
    }

    private static IEnumerable<(JsonObject, string)> Children(JsonObject schema, string path)
    {
        foreach (var (key, value) in schema["properties"]?.AsObject() ?? [])
        {
            yield return (value!.AsObject(), path + "." + key);
        }

        if (schema["items"] is JsonObject items)
        {
            yield return (items, path + "[*]");
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            yield return (additional, path + "[*]");
        }
    }

    private static void AssertTyped(JsonObject schema, string path)
    {
        var typed = schema["type"] is not null
            || schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true
            || schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        Assert.True(typed, $"{path} has no type");
        foreach (var composed in new[] { "allOf", "anyOf", "oneOf", "not" })
        {
            foreach (var inner in schema[composed] is JsonArray list ? list.Select(x => x!.AsObject()) : schema[composed] is JsonObject one ? [one] : [])
            {
                // Structural: no type, default, nullable or x-kubernetes-* inside a logical junction (int-or-string's anyOf only types).
                Assert.True(inner["default"] is null && inner["nullable"] is null && !inner.Any(p => p.Key.StartsWith("x-kubernetes-", StringComparison.Ordinal)), $"{path}.{composed}");
            }
        }

        if (schema["type"]?.GetValue<string>() == "array")
        {
            Assert.True(schema["items"] is JsonObject, $"{path} is an array without items");
        }

        foreach (var (child, childPath) in Children(schema, path))
        {
            AssertTyped(child, childPath);
        }
    }

    private static string Kind(JsonObject crd) => crd["spec"]!["names"]!["kind"]!.GetValue<string>();
}

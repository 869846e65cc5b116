using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>
/// Every x-kubernetes-validations rule of the Karpenter CRDs on a valid object like the platform's pools (nothing fails)
/// and on an object that breaks it (upstream's message); the suite checks that every rule was seen failing.
/// </summary>
public sealed class KarpenterRuleTests
{
    private const string NodePools = "nodepools.karpenter.sh";
    private const string NodeClaims = "nodeclaims.karpenter.sh";
    private const string NodeClasses = "ec2nodeclasses.karpenter.k8s.aws";

    internal const string DefaultPool = """
        {"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"default"},"spec":{
          "template":{"metadata":{"labels":{"piksel.io/pool":"default","topology.kubernetes.io/zone":"eu-west-1a"}},"spec":{
            "nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"default"},
            "requirements":[
              {"key":"karpenter.sh/capacity-type","operator":"In","values":["on-demand","spot"]},
              {"key":"karpenter.k8s.aws/instance-category","operator":"In","values":["c","m","r"],"minValues":2},
              {"key":"karpenter.k8s.aws/instance-generation","operator":"Gt","values":["2"]},
              {"key":"kubernetes.io/arch","operator":"In","values":["amd64"]},
              {"key":"node.kubernetes.io/instance-type","operator":"Exists"}],
            "expireAfter":"720h"}},
          "limits":{"cpu":1000,"memory":"1000Gi"},
          "disruption":{"consolidationPolicy":"WhenEmptyOrUnderutilized","consolidateAfter":"1m",
            "budgets":[{"nodes":"10%"},{"nodes":"0","schedule":"0 9 * * mon-fri","duration":"8h"}]}}}
        """;

    internal const string GpuPool = """
        {"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"gpu"},"spec":{
          "weight":10,
          "template":{"spec":{
            "nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"gpu"},
            "requirements":[{"key":"karpenter.k8s.aws/instance-category","operator":"In","values":["g","p"]},
              {"key":"karpenter.k8s.aws/instance-gpu-count","operator":"Lt","values":["9"]}],
            "taints":[{"key":"nvidia.com/gpu","effect":"NoSchedule"}]}},
          "disruption":{"consolidationPolicy":"WhenEmpty","consolidateAfter":"5m"}}}
        """;

    private const string NodeClaim = """
        {"apiVersion":"karpenter.sh/v1","kind":"NodeClaim","metadata":{"name":"default-abcde"},"spec":{
          "nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"default"},
          "requirements":[{"key":"karpenter.sh/nodepool","operator":"In","values":["default"]},
            {"key":"karpenter.k8s.aws/instance-generation","operator":"Gt","values":["2"]}],
          "resources":{"requests":{"cpu":"2","memory":"4Gi"}}}}
        """;

    internal const string NodeClass = """
        {"apiVersion":"karpenter.k8s.aws/v1","kind":"EC2NodeClass","metadata":{"name":"default"},"spec":{
          "role":"KarpenterNodeRole-piksel",
          "amiSelectorTerms":[{"alias":"al2023@v20240807"}],
          "subnetSelectorTerms":[{"tags":{"karpenter.sh/discovery":"piksel"}},{"id":"subnet-0abc"}],
          "securityGroupSelectorTerms":[{"tags":{"karpenter.sh/discovery":"piksel"}},{"name":"piksel-nodes"}],
          "tags":{"team":"platform"},
          "kubelet":{"maxPods":110,"systemReserved":{"cpu":"100m"},"kubeReserved":{"memory":"200Mi"},
            "evictionHard":{"memory.available":"5%"},"evictionSoft":{"memory.available":"10%"},
            "evictionSoftGracePeriod":{"memory.available":"1m"},"imageGCHighThresholdPercent":85,"imageGCLowThresholdPercent":80},
          "blockDeviceMappings":[{"deviceName":"/dev/xvda","rootVolume":true,
            "ebs":{"volumeSize":"100Gi","volumeType":"gp3","encrypted":true,"kmsKeyID":"arn:aws:kms:eu-west-1:111122223333:key/abc"}},
            {"deviceName":"/dev/xvdb","ebs":{"snapshotID":"snap-1"}}],
          "metadataOptions":{"httpEndpoint":"enabled","httpProtocolIPv6":"disabled","httpPutResponseHopLimit":1,"httpTokens":"required"}}}
        """;

    private const string Labels = "/spec/template/metadata/labels/";
    private const string Req = "/spec/template/spec/requirements/0";

    /// <summary>(crd, base object, pointer, new value or null to remove, whether the base is also the old object, message).</summary>
    public static TheoryData<string, string, string, string?, bool, string> Breaks() => new()
    {
        { NodePools, DefaultPool, "/spec/disruption/budgets/0/schedule", "\"@daily\"", false, "'schedule' must be set with 'duration'" },
        { NodePools, DefaultPool, Labels + "kubernetes.io~1team", "\"x\"", false, "label domain \"kubernetes.io\" is restricted" },
        { NodePools, DefaultPool, Labels + "sig.k8s.io~1x", "\"x\"", false, "label domain \"k8s.io\" is restricted" },
        { NodePools, DefaultPool, Labels + "karpenter.sh~1x", "\"x\"", false, "label domain \"karpenter.sh\" is restricted" },
        { NodePools, DefaultPool, Labels + "karpenter.sh~1nodepool", "\"x\"", false, "label \"karpenter.sh/nodepool\" is restricted" },
        { NodePools, DefaultPool, Labels + "kubernetes.io~1hostname", "\"x\"", false, "label \"kubernetes.io/hostname\" is restricted" },
        { NodePools, DefaultPool, Labels + "karpenter.k8s.aws~1x", "\"x\"", false, "label domain \"karpenter.k8s.aws\" is restricted" },
        { NodePools, DefaultPool, "/spec/template/spec/nodeClassRef/group", "\"\"", false, "group may not be empty" },
        { NodePools, DefaultPool, "/spec/template/spec/nodeClassRef/kind", "\"\"", false, "kind may not be empty" },
        { NodePools, DefaultPool, "/spec/template/spec/nodeClassRef/name", "\"\"", false, "name may not be empty" },
        { NodePools, DefaultPool, "/spec/template/spec/nodeClassRef/group", "\"example.com\"", true, "nodeClassRef.group is immutable" },
        { NodePools, DefaultPool, "/spec/template/spec/nodeClassRef/kind", "\"OtherNodeClass\"", true, "nodeClassRef.kind is immutable" },
        { NodePools, DefaultPool, Req + "/key", "\"kubernetes.io/team\"", false, "label domain \"kubernetes.io\" is restricted" },
        { NodePools, DefaultPool, Req + "/key", "\"x.k8s.io/team\"", false, "label domain \"k8s.io\" is restricted" },
        { NodePools, DefaultPool, Req + "/key", "\"karpenter.sh/team\"", false, "label domain \"karpenter.sh\" is restricted" },
        { NodePools, DefaultPool, Req + "/key", "\"karpenter.sh/nodepool\"", false, "label \"karpenter.sh/nodepool\" is restricted" },
        { NodePools, DefaultPool, Req + "/key", "\"kubernetes.io/hostname\"", false, "label \"kubernetes.io/hostname\" is restricted" },
        { NodePools, DefaultPool, Req + "/key", "\"karpenter.k8s.aws/team\"", false, "label domain \"karpenter.k8s.aws\" is restricted" },
        { NodePools, DefaultPool, Req + "/values", "[]", false, "requirements with operator 'In' must have a value defined" },
        { NodePools, DefaultPool, "/spec/template/spec/requirements/2/values", "[\"2\",\"3\"]", false, "requirements operator 'Gt' or 'Lt' must have a single positive integer value" },
        { NodePools, DefaultPool, "/spec/template/spec/requirements/2/values", "[\"-1\"]", false, "requirements operator 'Gt' or 'Lt' must have a single positive integer value" },
        { NodePools, DefaultPool, "/spec/template/spec/requirements/1/minValues", "4", false, "requirements with 'minValues' must have at least that many values specified in the 'values' field" },
        { NodeClaims, NodeClaim, "/spec/resources/requests/cpu", "\"4\"", true, "spec is immutable" },
        { NodeClaims, NodeClaim, "/spec/nodeClassRef/group", "\"\"", false, "group may not be empty" },
        { NodeClaims, NodeClaim, "/spec/nodeClassRef/kind", "\"\"", false, "kind may not be empty" },
        { NodeClaims, NodeClaim, "/spec/nodeClassRef/name", "\"\"", false, "name may not be empty" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/key", "\"kubernetes.io/team\"", false, "label domain \"kubernetes.io\" is restricted" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/key", "\"x.k8s.io/team\"", false, "label domain \"k8s.io\" is restricted" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/key", "\"karpenter.sh/team\"", false, "label domain \"karpenter.sh\" is restricted" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/key", "\"kubernetes.io/hostname\"", false, "label \"kubernetes.io/hostname\" is restricted" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/key", "\"karpenter.k8s.aws/team\"", false, "label domain \"karpenter.k8s.aws\" is restricted" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/values", "[]", false, "requirements with operator 'In' must have a value defined" },
        { NodeClaims, NodeClaim, "/spec/requirements/1/values", "[]", false, "requirements operator 'Gt' or 'Lt' must have a single positive integer value" },
        { NodeClaims, NodeClaim, "/spec/requirements/0/minValues", "2", false, "requirements with 'minValues' must have at least that many values specified in the 'values' field" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms/0/alias", "\"al2023\"", false, "'alias' is improperly formatted, must match the format 'family@version'" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms/0/alias", "\"ubuntu@latest\"", false, "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022'" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"tags\":{\"a\":\"\"}}]", false, "empty tag keys or values aren't supported" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"owner\":\"self\"}]", false, "expected at least one, got none, ['tags', 'id', 'name', 'alias']" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"id\":\"ami-1\",\"name\":\"x\"}]", false, "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"alias\":\"al2023@latest\",\"name\":\"x\"}]", false, "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"alias\":\"al2023@latest\"},{\"id\":\"ami-1\"}]", false, "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/subnetSelectorTerms/0/tags/a", "\"\"", false, "empty tag keys or values aren't supported" },
        { NodeClasses, NodeClass, "/spec/subnetSelectorTerms", "[]", false, "subnetSelectorTerms cannot be empty" },
        { NodeClasses, NodeClass, "/spec/subnetSelectorTerms", "[{}]", false, "expected at least one, got none, ['tags', 'id']" },
        { NodeClasses, NodeClass, "/spec/subnetSelectorTerms", "[{\"id\":\"subnet-1\",\"tags\":{\"a\":\"b\"}}]", false, "'id' is mutually exclusive, cannot be set with a combination of other fields in subnetSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/securityGroupSelectorTerms/0/tags/a", "\"\"", false, "empty tag keys or values aren't supported" },
        { NodeClasses, NodeClass, "/spec/securityGroupSelectorTerms", "[]", false, "securityGroupSelectorTerms cannot be empty" },
        { NodeClasses, NodeClass, "/spec/securityGroupSelectorTerms", "[{}]", false, "expected at least one, got none, ['tags', 'id', 'name']" },
        { NodeClasses, NodeClass, "/spec/securityGroupSelectorTerms", "[{\"id\":\"sg-1\",\"tags\":{\"a\":\"b\"}}]", false, "'id' is mutually exclusive, cannot be set with a combination of other fields in securityGroupSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/securityGroupSelectorTerms", "[{\"name\":\"x\",\"tags\":{\"a\":\"b\"}}]", false, "'name' is mutually exclusive, cannot be set with a combination of other fields in securityGroupSelectorTerms" },
        { NodeClasses, NodeClass, "/spec/role", "\"\"", false, "role cannot be empty" },
        { NodeClasses, NodeClass, "/spec/role", "\"OtherRole\"", true, "immutable field changed" },
        { NodeClasses, NodeClass, "/spec/instanceProfile", "\"\"", false, "instanceProfile cannot be empty" },
        { NodeClasses, NodeClass, "/spec/instanceProfile", "\"KarpenterNodeInstanceProfile\"", false, "must specify exactly one of ['role', 'instanceProfile']" },
        { NodeClasses, NodeClass, "/spec/tags/", "\"x\"", false, "empty tag keys aren't supported" },
        { NodeClasses, NodeClass, "/spec/tags/kubernetes.io~1cluster~1piksel", "\"owned\"", false, "tag contains a restricted tag matching kubernetes.io/cluster/" },
        { NodeClasses, NodeClass, "/spec/tags/karpenter.sh~1nodepool", "\"x\"", false, "tag contains a restricted tag matching karpenter.sh/nodepool" },
        { NodeClasses, NodeClass, "/spec/tags/karpenter.sh~1managed-by", "\"x\"", false, "tag contains a restricted tag matching karpenter.sh/managed-by" },
        { NodeClasses, NodeClass, "/spec/tags/karpenter.sh~1nodeclaim", "\"x\"", false, "tag contains a restricted tag matching karpenter.sh/nodeclaim" },
        { NodeClasses, NodeClass, "/spec/tags/karpenter.k8s.aws~1ec2nodeclass", "\"x\"", false, "tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass" },
        { NodeClasses, NodeClass, "/spec/kubelet/systemReserved/gpu", "\"1\"", false, "valid keys for systemReserved are ['cpu','memory','ephemeral-storage','pid']" },
        { NodeClasses, NodeClass, "/spec/kubelet/systemReserved/cpu", "\"-1\"", false, "systemReserved value cannot be a negative resource quantity" },
        { NodeClasses, NodeClass, "/spec/kubelet/kubeReserved/gpu", "\"1\"", false, "valid keys for kubeReserved are ['cpu','memory','ephemeral-storage','pid']" },
        { NodeClasses, NodeClass, "/spec/kubelet/kubeReserved/cpu", "\"-1\"", false, "kubeReserved value cannot be a negative resource quantity" },
        { NodeClasses, NodeClass, "/spec/kubelet/evictionHard/foo", "\"1\"", false, "valid keys for evictionHard are ['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.inodesFree','pid.available']" },
        { NodeClasses, NodeClass, "/spec/kubelet/evictionSoft/foo", "\"1\"", false, "valid keys for evictionSoft are ['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.inodesFree','pid.available']" },
        { NodeClasses, NodeClass, "/spec/kubelet/evictionSoftGracePeriod/foo", "\"1m\"", false, "valid keys for evictionSoftGracePeriod are ['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.inodesFree','pid.available']" },
        { NodeClasses, NodeClass, "/spec/kubelet/imageGCLowThresholdPercent", "90", false, "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent" },
        { NodeClasses, NodeClass, "/spec/kubelet/evictionSoft/nodefs.available", "\"10%\"", false, "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod" },
        { NodeClasses, NodeClass, "/spec/kubelet/evictionSoftGracePeriod/nodefs.available", "\"1m\"", false, "evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft" },
        { NodeClasses, NodeClass, "/spec/blockDeviceMappings/1/ebs", "{\"volumeType\":\"gp3\"}", false, "snapshotID or volumeSize must be defined" },
        { NodeClasses, NodeClass, "/spec/blockDeviceMappings/1/rootVolume", "true", false, "must have only one blockDeviceMappings with rootVolume" },
        { NodeClasses, NodeClass, "/spec/amiFamily", "\"Bottlerocket\"", false, "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias" },
        { NodeClasses, NodeClass, "/spec/amiSelectorTerms", "[{\"id\":\"ami-1\"}]", false, "must specify amiFamily if amiSelectorTerms does not contain an alias" },
    };

    /// <summary>Alias families against a wrong amiFamily: (alias, message).</summary>
    public static TheoryData<string, string> AliasFamilies() => new()
    {
        { "al2@latest", "if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias" },
        { "bottlerocket@v1.20.0", "if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias" },
        { "windows2019@latest", "if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias" },
        { "windows2022@latest", "if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias" },
    };

    [Theory]
    [InlineData(NodePools, DefaultPool)]
    [InlineData(NodePools, GpuPool)]
    [InlineData(NodeClaims, NodeClaim)]
    [InlineData(NodeClasses, NodeClass)]
    public void Valid_objects_pass_every_rule(string crd, string json)
    {
        var obj = JsonNode.Parse(json)!;
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(crd), obj));
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(crd), obj, obj.DeepClone()));
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Broken_objects_fail_with_upstreams_message(string crd, string json, string pointer, string? value, bool update, string message) =>
        Assert.Contains(message, Messages(crd, json, pointer, value, update));

    [Theory]
    [MemberData(nameof(AliasFamilies))]
    public void An_alias_needs_its_own_family(string alias, string message)
    {
        var obj = JsonPointer.With(JsonNode.Parse(NodeClass)!, "/spec/amiSelectorTerms/0/alias", JsonValue.Create(alias));
        JsonPointer.With(obj, "/spec/amiFamily", JsonValue.Create("AL2023"));
        Assert.Contains(message, CrdRuleRunner.Violations(PlatformCrdsTests.Crd(NodeClasses), obj).Select(v => v.Message));
        JsonPointer.With(obj, "/spec/amiFamily", JsonValue.Create("Custom"));
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(NodeClasses), obj));
    }

    [Fact]
    public void Changing_from_instanceProfile_to_role_is_refused()
    {
        var old = JsonPointer.With(JsonNode.Parse(NodeClass)!, "/spec/instanceProfile", JsonValue.Create("Profile"));
        ((JsonObject)old["spec"]!).Remove("role");
        var messages = CrdRuleRunner.Violations(PlatformCrdsTests.Crd(NodeClasses), JsonNode.Parse(NodeClass)!, old).Select(v => v.Message);
        Assert.Contains("changing from 'instanceProfile' to 'role' is not supported. You must delete and recreate this node class if you want to change this.", messages);
    }

    [Fact]
    public void A_Gt_value_that_is_not_a_number_is_reported_not_passed()
    {
        var messages = Messages(NodePools, DefaultPool, "/spec/template/spec/requirements/2/values", "[\"two\"]", false);
        Assert.Contains("error: strconv.ParseInt: parsing \"two\": invalid syntax", messages);
    }

    [Fact]
    public void Every_Karpenter_rule_is_seen_failing()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Breaks())
        {
            var (crd, json, pointer, value, update, _) = row.Data;
            foreach (var (path, message) in Violations(crd, json, pointer, value, update))
            {
                seen.Add($"{crd} {path} {message}");
            }
        }

        foreach (var row in AliasFamilies())
        {
            seen.Add($"{NodeClasses} .spec {row.Data.Item2}");
        }

        seen.Add($"{NodeClasses} .spec changing from 'instanceProfile' to 'role' is not supported. You must delete and recreate this node class if you want to change this.");
        foreach (var crd in new[] { NodePools, NodeClaims, NodeClasses })
        {
            foreach (var (path, _, message, _) in PlatformCrdsTests.Rules(PlatformCrdsTests.Crd(crd)))
            {
                Assert.Contains($"{crd} {path} {message}", seen);
            }
        }
    }

    private static List<string> Messages(string crd, string json, string pointer, string? value, bool update) =>
        [.. Violations(crd, json, pointer, value, update).Select(v => v.Message)];

    private static List<(string Path, string Message)> Violations(string crd, string json, string pointer, string? value, bool update)
    {
        var original = JsonNode.Parse(json)!;
        var changed = JsonPointer.With(original.DeepClone(), pointer, value is null ? null : JsonNode.Parse(value));
        return CrdRuleRunner.Violations(PlatformCrdsTests.Crd(crd), changed, update ? original : null);
    }
}

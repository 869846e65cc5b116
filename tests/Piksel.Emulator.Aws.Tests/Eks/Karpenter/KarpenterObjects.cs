using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>The platform's two NodePools and the pods the tests schedule, as JSON the API server would hold.</summary>
internal static class KarpenterObjects
{
    public static JsonObject DefaultPool(string cpuLimit = "10000") => JsonNode.Parse("""
        {"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"default"},"spec":{
          "template":{"spec":{"nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"default"},
            "requirements":[
              {"key":"karpenter.k8s.aws/instance-family","operator":"In","values":["c5","c6i","m5","m6i","r5","r6i","t3"]},
              {"key":"karpenter.sh/capacity-type","operator":"In","values":["on-demand","spot"]},
              {"key":"kubernetes.io/arch","operator":"In","values":["amd64"]}]}},
          "limits":{"cpu":"CPU_LIMIT"},
          "disruption":{"consolidationPolicy":"WhenEmptyOrUnderutilized","consolidateAfter":"1m"}}}
        """.Replace("CPU_LIMIT", cpuLimit, StringComparison.Ordinal))!.AsObject();

    public static JsonObject GpuPool(int gpuLimit = 30) => JsonNode.Parse("""
        {"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"gpu"},"spec":{
          "template":{"spec":{"nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"gpu"},
            "requirements":[
              {"key":"node.kubernetes.io/instance-type","operator":"In","values":["g5.xlarge","g5.2xlarge","g5.4xlarge"]},
              {"key":"karpenter.sh/capacity-type","operator":"In","values":["on-demand"]}],
            "taints":[{"key":"nvidia.com/gpu","value":"true","effect":"NoSchedule"}]}},
          "limits":{"nvidia.com/gpu":"GPU_LIMIT"},
          "disruption":{"consolidationPolicy":"WhenEmptyOrUnderutilized","consolidateAfter":"1m"}}}
        """.Replace("GPU_LIMIT", gpuLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

    public static JsonObject Pod(string name, string cpu = "100m", string memory = "128Mi", int gpus = 0, bool toleratesGpu = false, JsonObject? nodeSelector = null)
    {
        var requests = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
        if (gpus > 0) requests["nvidia.com/gpu"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox", ["resources"] = new JsonObject { ["requests"] = requests } }),
        };
        if (toleratesGpu) spec["tolerations"] = new JsonArray(new JsonObject { ["key"] = "nvidia.com/gpu", ["operator"] = "Exists", ["effect"] = "NoSchedule" });
        if (nodeSelector is not null) spec["nodeSelector"] = nodeSelector;
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" }, ["spec"] = spec };
    }
}

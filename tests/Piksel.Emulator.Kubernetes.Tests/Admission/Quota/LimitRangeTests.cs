using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission.Quota;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.Quota;

public sealed class LimitRangeTests
{
    private static JsonObject Range(string items) => JsonNode.Parse($$$"""{"spec":{"limits":{{{items}}}}}""")!.AsObject();

    private static JsonObject Pod(string resources) => JsonNode.Parse($$$"""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"app","resources":{{{resources}}}}]}}""")!.AsObject();

    [Fact]
    public void Container_defaults_follow_max_then_default_then_min()
    {
        var range = Range("""[{"type":"Container","max":{"cpu":"2"},"min":{"memory":"32Mi"}}]""");
        LimitRangeDefaults.Apply(range);
        Assert.Equal("""{"cpu":"2"}""", range["spec"]!["limits"]![0]!["default"]!.ToJsonString());
        Assert.Equal("""{"cpu":"2","memory":"32Mi"}""", range["spec"]!["limits"]![0]!["defaultRequest"]!.ToJsonString());
    }

    [Fact]
    public void A_pod_without_resources_gets_the_defaults_and_the_annotation()
    {
        var range = Range("""[{"type":"Container","default":{"cpu":"500m","memory":"128Mi"},"defaultRequest":{"cpu":"100m","memory":"64Mi"}}]""");
        var pod = Pod("{}");
        LimitRanger.SetDefaults(pod, LimitRangeItem.Of(range));
        Assert.Equal("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"64Mi"}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app",
            pod["metadata"]!["annotations"]![LimitRanger.Annotation]!.GetValue<string>());
    }

    [Fact]
    public void A_limit_without_a_request_implies_the_request_before_defaults()
    {
        var range = Range("""[{"type":"Container","default":{"cpu":"500m"},"defaultRequest":{"cpu":"100m"}}]""");
        var pod = Pod("""{"limits":{"cpu":"1"}}""");
        LimitRanger.SetDefaults(pod, LimitRangeItem.Of(range));
        Assert.Equal("""{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Null(pod["metadata"]!["annotations"]);
    }

    [Fact]
    public void Violations_use_the_real_words()
    {
        var items = LimitRangeItem.Of(Range("""[{"type":"Container","max":{"cpu":"500m"},"min":{"memory":"64Mi"},"maxLimitRequestRatio":{"cpu":"2"}}]"""));
        var errors = LimitRangeEnforcement.CheckPod(Pod("""{"limits":{"cpu":"1","memory":"128Mi"},"requests":{"cpu":"250m","memory":"32Mi"}}"""), items);
        Assert.Equal(
            ["minimum memory usage per Container is 64Mi, but request is 32Mi", "maximum cpu usage per Container is 500m, but limit is 1",
                "cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000"],
            errors);
    }

    [Fact]
    public void Pod_items_check_the_sum_of_containers()
    {
        var items = LimitRangeItem.Of(Range("""[{"type":"Pod","max":{"memory":"100Mi"}}]"""));
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"60Mi"}}},{"name":"b","resources":{"limits":{"memory":"60Mi"}}}]}}""")!.AsObject();
        Assert.Equal(["maximum memory usage per Pod is 100Mi, but limit is 120Mi"], LimitRangeEnforcement.CheckPod(pod, items));
    }

    [Fact]
    public void Claims_are_held_to_storage_bounds()
    {
        var items = LimitRangeItem.Of(Range("""[{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"10Gi"}}]"""));
        var claim = JsonNode.Parse("""{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}""")!.AsObject();
        Assert.Equal(["maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi"], LimitRangeEnforcement.CheckClaim(claim, items));
    }

    [Fact]
    public void An_inconsistent_limit_range_is_invalid()
    {
        var range = Range("""[{"type":"Container","min":{"cpu":"2"},"max":{"cpu":"1"}},{"type":"Pod","default":{"cpu":"1"}}]""");
        var e = Assert.Throws<StatusException>(() => LimitRangeValidation.Validate(range, "lr"));
        Assert.Equal(422, (int)e.Code);
        Assert.Contains("spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("LimitRange \"lr\" is invalid: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qos_class_from_cpu_and_memory()
    {
        Assert.Equal("BestEffort", PodResources.QosClass(Pod("{}")));
        Assert.Equal("Guaranteed", PodResources.QosClass(Pod("""{"limits":{"cpu":"1","memory":"1Gi"}}""")));
        Assert.Equal("Guaranteed", PodResources.QosClass(Pod("""{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1000m","memory":"1024Mi"}}""")));
        Assert.Equal("Burstable", PodResources.QosClass(Pod("""{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}""")));
        Assert.Equal("Burstable", PodResources.QosClass(Pod("""{"requests":{"memory":"64Mi"}}""")));
        Assert.Equal("BestEffort", PodResources.QosClass(Pod("""{"requests":{"nvidia.com/gpu":"1"}}""")));
    }
}

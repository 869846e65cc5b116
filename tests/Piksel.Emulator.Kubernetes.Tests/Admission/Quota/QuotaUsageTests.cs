using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission.Quota;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.Quota;

public sealed class QuotaUsageTests
{
    [Fact]
    public void A_pod_counts_requests_limits_and_itself_init_containers_as_the_max()
    {
        var pod = JsonNode.Parse("""
            {"spec":{"initContainers":[{"name":"i","resources":{"requests":{"cpu":"2"}}}],
              "containers":[{"name":"a","resources":{"limits":{"cpu":"500m","memory":"64Mi"}}},{"name":"b","resources":{"requests":{"cpu":"250m","memory":"64Mi"}}}]}}
            """)!.AsObject();
        var usage = QuotaUsage.Of(BuiltInResources.Pods, pod);
        Assert.Equal("2", usage["requests.cpu"].ToString());
        Assert.Equal("2", usage["cpu"].ToString());
        Assert.Equal("128Mi", usage["requests.memory"].ToString());
        Assert.Equal("500m", usage["limits.cpu"].ToString());
        Assert.Equal("1", usage["pods"].ToString());
        Assert.Equal("1", usage["count/pods"].ToString());
    }

    [Fact]
    public void A_terminal_pod_counts_nothing()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Succeeded"}}""")!.AsObject();
        Assert.Empty(QuotaUsage.Of(BuiltInResources.Pods, pod));
    }

    [Fact]
    public void Scopes_select_pods_only()
    {
        var quota = JsonNode.Parse("""{"spec":{"scopes":["BestEffort","NotTerminating"]}}""")!.AsObject();
        var bestEffort = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"}]}}""")!.AsObject();
        var terminating = JsonNode.Parse("""{"spec":{"activeDeadlineSeconds":30,"containers":[{"name":"a"}]}}""")!.AsObject();
        Assert.True(QuotaUsage.Matches(quota, BuiltInResources.Pods, bestEffort));
        Assert.False(QuotaUsage.Matches(quota, BuiltInResources.Pods, terminating));
        Assert.False(QuotaUsage.Matches(quota, BuiltInResources.ConfigMaps, new JsonObject()));
        var byClass = JsonNode.Parse("""{"spec":{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}}""")!.AsObject();
        Assert.True(QuotaUsage.Matches(byClass, BuiltInResources.Pods, JsonNode.Parse("""{"spec":{"priorityClassName":"high"}}""")!.AsObject()));
        Assert.False(QuotaUsage.Matches(byClass, BuiltInResources.Pods, bestEffort));
    }

    [Fact]
    public void Services_and_claims_count_their_own_resources()
    {
        var lb = JsonNode.Parse("""{"spec":{"type":"LoadBalancer","ports":[{"port":80},{"port":443}]}}""")!.AsObject();
        var usage = QuotaUsage.Of(BuiltInResources.Services, lb);
        Assert.Equal("1", usage["services.loadbalancers"].ToString());
        Assert.Equal("2", usage["services.nodeports"].ToString());
        var claim = JsonNode.Parse("""{"spec":{"storageClassName":"gp3","resources":{"requests":{"storage":"5Gi"}}}}""")!.AsObject();
        var claimUsage = QuotaUsage.Of(BuiltInResources.PersistentVolumeClaims, claim);
        Assert.Equal("5Gi", claimUsage["requests.storage"].ToString());
        Assert.Equal("5Gi", claimUsage["gp3.storageclass.storage.k8s.io/requests.storage"].ToString());
        Assert.Equal("1", QuotaUsage.Of(BuiltInResources.Deployments, new JsonObject())["count/deployments.apps"].ToString());
    }
}

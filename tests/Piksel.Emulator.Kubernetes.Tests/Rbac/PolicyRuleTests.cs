using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Auth.Rbac;

namespace Piksel.Emulator.Kubernetes.Tests.Rbac;

/// <summary>RBAC's rule matching (plugin/pkg/auth/authorizer/rbac: verbs, groups, resources incl. subresources, names, URLs).</summary>
public sealed class PolicyRuleTests
{
    private static readonly UserInfo Someone = new("someone", "", ["system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());

    private static RequestAttributes Request(string verb, string group, string resource, string? sub = null, string? name = null, string? ns = "ns") =>
        new(Someone, verb, group, resource, sub, ns, name);

    [Fact]
    public void Verbs_and_groups_match_exactly_or_by_star()
    {
        var rule = PolicyRule.For([""], ["pods"], "get", "list");
        Assert.True(rule.Allows(Request("get", "", "pods")));
        Assert.False(rule.Allows(Request("delete", "", "pods")));
        Assert.False(rule.Allows(Request("get", "apps", "pods")));
        Assert.True(PolicyRule.For(["*"], ["pods"], "*").Allows(Request("delete", "apps", "pods")));
    }

    [Fact]
    public void A_resource_does_not_cover_its_subresources_but_star_slash_sub_does()
    {
        Assert.False(PolicyRule.For([""], ["pods"], "get").Allows(Request("get", "", "pods", "log")));
        Assert.True(PolicyRule.For([""], ["pods/log"], "get").Allows(Request("get", "", "pods", "log")));
        Assert.False(PolicyRule.For([""], ["pods/log"], "get").Allows(Request("get", "", "pods")));
        Assert.True(PolicyRule.For(["apps"], ["*/scale"], "update").Allows(Request("update", "apps", "deployments", "scale")));
        Assert.False(PolicyRule.For(["apps"], ["*/scale"], "update").Allows(Request("update", "apps", "deployments")));
        Assert.True(PolicyRule.For([""], ["*"], "get").Allows(Request("get", "", "pods", "log")));
    }

    [Fact]
    public void Resource_names_limit_to_named_requests()
    {
        var rule = PolicyRule.For([""], ["configmaps"], "get", "list").Named("settings");
        Assert.True(rule.Allows(Request("get", "", "configmaps", name: "settings")));
        Assert.False(rule.Allows(Request("get", "", "configmaps", name: "other")));
        Assert.False(rule.Allows(Request("list", "", "configmaps")));
    }

    [Fact]
    public void Non_resource_urls_match_exactly_star_or_prefix()
    {
        var rule = PolicyRule.ForUrls(["/healthz", "/apis/*"], "get");
        Assert.True(rule.Allows(RequestAttributes.NonResource(Someone, "get", "/healthz")));
        Assert.True(rule.Allows(RequestAttributes.NonResource(Someone, "get", "/apis/apps/v1")));
        Assert.False(rule.Allows(RequestAttributes.NonResource(Someone, "get", "/apis")));
        Assert.False(rule.Allows(RequestAttributes.NonResource(Someone, "post", "/healthz")));
        Assert.True(PolicyRule.ForUrls(["*"], "*").Allows(RequestAttributes.NonResource(Someone, "get", "/metrics")));
        // A resource rule says nothing about URLs.
        Assert.False(PolicyRule.For(["*"], ["*"], "*").Allows(RequestAttributes.NonResource(Someone, "get", "/metrics")));
    }

    [Fact]
    public void Compact_string_is_gos()
    {
        Assert.Equal("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}", PolicyRule.For([""], ["secrets"], "get", "list").CompactString());
        Assert.Equal("{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}", PolicyRule.ForUrls(["/metrics"], "get").CompactString());
    }

    [Fact]
    public void Coverage_breaks_rules_down_and_compacts_what_is_missing()
    {
        IReadOnlyList<PolicyRule> owner = [PolicyRule.For([""], ["configmaps", "pods"], "get", "list", "watch"), PolicyRule.For(["apps"], ["*/scale"], "update")];
        Assert.Empty(RuleCoverage.Missing(owner, [PolicyRule.For([""], ["pods"], "get", "list")]));
        Assert.Empty(RuleCoverage.Missing(owner, [PolicyRule.For(["apps"], ["deployments/scale"], "update")]));
        var missing = RuleCoverage.Missing(owner, [PolicyRule.For([""], ["pods", "secrets"], "get", "delete")]);
        Assert.Equal(["{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"delete\"]}"],
            missing.Select(r => r.CompactString()).Order(StringComparer.Ordinal));
        // A requested star is only covered by a star.
        Assert.Single(RuleCoverage.Missing(owner, [PolicyRule.For([""], ["*"], "get")]));
        Assert.Empty(RuleCoverage.Missing([PolicyRule.For(["*"], ["*"], "*")], [PolicyRule.For([""], ["*"], "*")]));
    }
}

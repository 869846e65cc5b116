using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// One RBAC rule (<c>rbac.authorization.k8s.io/v1 PolicyRule</c>) and kube-apiserver's matching of it
/// (<c>plugin/pkg/auth/authorizer/rbac/rbac.go</c>, <c>pkg/apis/rbac/v1/evaluation_helpers.go</c>).
/// </summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    /// <summary>A resource rule.</summary>
    public static PolicyRule For(string[] apiGroups, string[] resources, params string[] verbs) => new(verbs, apiGroups, resources, [], []);

    /// <summary>A non-resource rule.</summary>
    public static PolicyRule ForUrls(string[] urls, params string[] verbs) => new(verbs, [], [], [], urls);

    /// <summary>This rule restricted to <paramref name="names"/>.</summary>
    public PolicyRule Named(params string[] names) => this with { ResourceNames = names };

    /// <summary>Whether the rule allows the request (<paramref name="request"/> resource or non-resource).</summary>
    public bool Allows(RequestAttributes request)
    {
        if (!Contains(Verbs, request.Verb)) return false;
        if (request.Path is { } path) return NonResourceUrls.Any(url => UrlMatches(url, path));
        return Contains(ApiGroups, request.Group)
            && ResourceMatches(request.Resource, request.Subresource)
            && (ResourceNames.Count == 0 || (request.Name is { Length: > 0 } name && ResourceNames.Contains(name)));
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var v in values)
            if (v == "*" || v == value) return true;
        return false;
    }

    /// <summary><c>*</c>, exactly <c>res</c> or <c>res/sub</c>, or <c>*/sub</c> (pods does not cover pods/log).</summary>
    private bool ResourceMatches(string resource, string? subresource)
    {
        var combined = string.IsNullOrEmpty(subresource) ? resource : resource + "/" + subresource;
        foreach (var r in Resources)
        {
            if (r == "*" || r == combined) return true;
            if (!string.IsNullOrEmpty(subresource) && r.Length == subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(subresource, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>Exact, <c>*</c>, or a <c>prefix*</c>.</summary>
    private static bool UrlMatches(string rule, string path) =>
        rule == "*" || rule == path || (rule.EndsWith('*') && path.StartsWith(rule[..^1], StringComparison.Ordinal));

    /// <summary>Reads a rule from its JSON (missing lists are empty).</summary>
    public static PolicyRule FromJson(JsonNode? node)
    {
        static string[] Strings(JsonNode? n, string name) =>
            n?[name] is JsonArray a ? [.. a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0 || name == "apiGroups")] : [];
        return new PolicyRule(Strings(node, "verbs"), Strings(node, "apiGroups"), Strings(node, "resources"), Strings(node, "resourceNames"), Strings(node, "nonResourceURLs"));
    }

    /// <summary>The rule as JSON, with empty lists left out as Go does.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["verbs"] = Array(Verbs) };
        if (ApiGroups.Count > 0) json["apiGroups"] = Array(ApiGroups);
        if (Resources.Count > 0) json["resources"] = Array(Resources);
        if (ResourceNames.Count > 0) json["resourceNames"] = Array(ResourceNames);
        if (NonResourceUrls.Count > 0) json["nonResourceURLs"] = Array(NonResourceUrls);
        return json;
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>The rules of a Role or ClusterRole object.</summary>
    public static IReadOnlyList<PolicyRule> RulesOf(JsonNode? role) =>
        role?["rules"] is JsonArray rules ? [.. rules.Select(FromJson)] : [];

    /// <summary>Go's <c>rbacv1helpers.CompactString</c>: <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}</c>, empty fields left out.</summary>
    public string CompactString()
    {
        var parts = new List<string>();
        void Add(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0) parts.Add($"{name}:{GoQuoted(values)}");
        }
        Add("APIGroups", ApiGroups);
        Add("Resources", Resources);
        Add("NonResourceURLs", NonResourceUrls);
        Add("ResourceNames", ResourceNames);
        Add("Verbs", Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    public static string GoQuoted(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(v => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    /// <inheritdoc />
    public bool Equals(PolicyRule? other) =>
        other is not null && Verbs.SequenceEqual(other.Verbs) && ApiGroups.SequenceEqual(other.ApiGroups) && Resources.SequenceEqual(other.Resources)
        && ResourceNames.SequenceEqual(other.ResourceNames) && NonResourceUrls.SequenceEqual(other.NonResourceUrls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(string.Join(',', Verbs), string.Join(',', ApiGroups), string.Join(',', Resources), string.Join(',', ResourceNames), string.Join(',', NonResourceUrls));
}

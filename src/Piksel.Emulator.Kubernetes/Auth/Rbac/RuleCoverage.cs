namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// Whether one set of rules covers another, as escalation prevention asks it (kubernetes
/// <c>pkg/registry/rbac/validation/policy_comparator.go</c> and <c>rule.go</c>): each requested rule is broken down into
/// one verb on one resource (or URL), and every piece must be allowed by an owner's rule.
/// </summary>
public static class RuleCoverage
{
    /// <summary>The pieces of <paramref name="requested"/> that <paramref name="owner"/> does not cover, compacted (verbs merged per simple resource).</summary>
    public static IReadOnlyList<PolicyRule> Missing(IReadOnlyList<PolicyRule> owner, IEnumerable<PolicyRule> requested)
    {
        var missing = new List<PolicyRule>();
        foreach (var piece in requested.SelectMany(Breakdown))
            if (!owner.Any(rule => Covers(rule, piece))) missing.Add(piece);
        return Compact(missing);
    }

    /// <summary>One rule per group × resource × verb (× resource name), then one per URL × verb.</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0) yield return new PolicyRule([verb], [group], [resource], [], []);
                    else
                        foreach (var name in rule.ResourceNames) yield return new PolicyRule([verb], [group], [resource], [name], []);
                }
            }
        }

        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
                yield return PolicyRule.ForUrls([url], verb);
        }
    }

    /// <summary>Whether <paramref name="owner"/> allows everything the single-verb <paramref name="piece"/> grants (a requested <c>*</c> only by an owner's <c>*</c>).</summary>
    private static bool Covers(PolicyRule owner, PolicyRule piece)
    {
        var verb = piece.Verbs[0];
        if (!owner.Verbs.Contains("*") && !owner.Verbs.Contains(verb)) return false;
        if (piece.NonResourceUrls.Count > 0)
        {
            var url = piece.NonResourceUrls[0];
            return owner.NonResourceUrls.Any(o => o == "*" || o == url || (o.EndsWith('*') && url.StartsWith(o.TrimEnd('*'), StringComparison.Ordinal)));
        }
        var group = piece.ApiGroups[0];
        var resource = piece.Resources[0];
        if (!owner.ApiGroups.Contains("*") && !owner.ApiGroups.Contains(group)) return false;
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var resourceCovered = owner.Resources.Any(o => o == "*" || o == resource
            || (slash > 0 && o.StartsWith("*/", StringComparison.Ordinal) && o[1..] == resource[slash..]));
        if (!resourceCovered) return false;
        return owner.ResourceNames.Count == 0 || (piece.ResourceNames.Count == 1 && owner.ResourceNames.Contains(piece.ResourceNames[0]));
    }

    /// <summary>Go's <c>CompactRules</c>: simple resource rules (one group, one resource, at most one name) with the same target merge their verbs.</summary>
    public static IReadOnlyList<PolicyRule> Compact(IReadOnlyList<PolicyRule> rules)
    {
        var compacted = new List<PolicyRule>();
        var simple = new Dictionary<(string, string, string?), int>();
        foreach (var rule in rules)
        {
            var isSimple = rule.ApiGroups.Count == 1 && rule.Resources.Count == 1 && rule.NonResourceUrls.Count == 0 && rule.ResourceNames.Count <= 1;
            if (!isSimple)
            {
                compacted.Add(rule);
                continue;
            }
            var key = (rule.ApiGroups[0], rule.Resources[0], rule.ResourceNames.Count == 1 ? rule.ResourceNames[0] : null);
            if (simple.TryGetValue(key, out var at))
            {
                compacted[at] = compacted[at] with { Verbs = [.. compacted[at].Verbs, .. rule.Verbs] };
            }
            else
            {
                simple[key] = compacted.Count;
                compacted.Add(rule);
            }
        }
        return compacted;
    }
}

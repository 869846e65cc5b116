using k8s.Models;

namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>
/// Label selectors as the API server reads them: every <c>matchLabels</c> pair and every <c>matchExpressions</c>
/// requirement must hold (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>); an empty selector matches
/// everything. An operator the API would have refused matches nothing, so a policy never allows more than it says.
/// </summary>
public static class LabelSelectorMatcher
{
    /// <summary>Whether <paramref name="selector"/> (not null: callers decide what an absent selector means) selects <paramref name="labels"/>.</summary>
    public static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return (selector.MatchExpressions ?? []).All(e => Holds(e, labels));
    }

    private static bool Holds(V1LabelSelectorRequirement requirement, IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(value!),

            // NotIn and DoesNotExist hold for a pod without the key, as in the API server's selector.
            "NotIn" => !present || !values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }
}

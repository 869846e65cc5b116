namespace Piksel.Platform.Spec;

/// <summary>
/// The contract by which the engine finds its own resources again: the tags on every AWS resource and the labels on
/// every Kubernetes object the platform makes, and the one test that says "this resource is ours". Handlers list
/// managed resources by it, destroy removes exactly what carries it, and the tests and the verifier check it.
/// </summary>
public static class ManagementTags
{
    /// <summary>AWS tag naming the environment.</summary>
    public const string Environment = "piksel:environment";

    /// <summary>AWS tag naming the manager.</summary>
    public const string ManagedBy = "piksel:managed-by";

    /// <summary>The manager's name, in tags and labels (and the field manager of the platform's server-side applies).</summary>
    public const string ManagedByValue = "piksel-platform";

    /// <summary>
    /// AWS tag holding the spec name of a resource whose AWS identity is not its name (OIDC providers, KMS keys,
    /// access entries). Handlers keep it for themselves: Read leaves it out of the tags it reports.
    /// </summary>
    public const string ResourceName = "piksel:resource-name";

    /// <summary>Kubernetes label naming the manager (the recommended label).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Kubernetes label naming the environment (label keys cannot hold the AWS tag's colon).</summary>
    public const string EnvironmentLabel = "piksel.io/environment";

    /// <summary>The management tags of an AWS resource of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string environment) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Environment] = environment,
        [ManagedBy] = ManagedByValue,
    };

    /// <summary>The management labels of a Kubernetes object of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> LabelsFor(string environment) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ManagedByLabel] = ManagedByValue,
        [EnvironmentLabel] = environment,
    };

    /// <summary>True when AWS <paramref name="tags"/> mark a resource as the platform's, for <paramref name="environment"/>.</summary>
    public static bool AreManaged(IReadOnlyDictionary<string, string> tags, string environment)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(Environment, out var env) && env == environment
            && tags.TryGetValue(ManagedBy, out var by) && by == ManagedByValue;
    }

    /// <summary>True when Kubernetes <paramref name="labels"/> mark an object as <paramref name="environment"/>'s (what <see cref="LabelSelector"/> selects).</summary>
    public static bool AreManagedLabels(IReadOnlyDictionary<string, string> labels, string environment)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.TryGetValue(EnvironmentLabel, out var env) && env == environment;
    }

    /// <summary>The Kubernetes label selector of <paramref name="environment"/>'s objects.</summary>
    public static string LabelSelector(string environment) => $"{EnvironmentLabel}={environment}";

    /// <summary><paramref name="tags"/> with the <see cref="ResourceName"/> tag set to <paramref name="name"/>, as the handler writes them.</summary>
    public static IReadOnlyDictionary<string, string> WithResourceName(IReadOnlyDictionary<string, string> tags, string name) =>
        new Dictionary<string, string>(tags, StringComparer.Ordinal) { [ResourceName] = name };

    /// <summary>True for the tags handlers keep for themselves and leave out of what Read reports.</summary>
    public static bool IsHidden(string key) => key == ResourceName;
}

namespace Piksel.Platform.Definition;

/// <summary>
/// The tags every AWS resource of the platform carries and the labels every Kubernetes object carries; handlers list
/// managed resources by them, and destroy removes exactly what carries them.
/// </summary>
public static class PikselTags
{
    /// <summary>AWS tag naming the environment.</summary>
    public const string Environment = "piksel:environment";

    /// <summary>AWS tag naming the manager.</summary>
    public const string ManagedBy = "piksel:managed-by";

    /// <summary>The manager's name, in tags and labels.</summary>
    public const string ManagedByValue = "piksel-platform";

    /// <summary>AWS cost-allocation tag.</summary>
    public const string Project = "Project";

    /// <summary>The project's name.</summary>
    public const string ProjectValue = "Piksel";

    /// <summary>Kubernetes label naming the manager (the recommended label).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Kubernetes label naming the environment (label keys cannot hold the AWS tag's colon).</summary>
    public const string EnvironmentLabel = "piksel.io/environment";

    /// <summary>The three tags of an AWS resource of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string environment) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Environment] = environment,
        [ManagedBy] = ManagedByValue,
        [Project] = ProjectValue,
    };

    /// <summary>The two labels of a Kubernetes object of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> LabelsFor(string environment) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ManagedByLabel] = ManagedByValue,
        [EnvironmentLabel] = environment,
    };

    /// <summary>True when <paramref name="tags"/> mark a resource as managed for <paramref name="environment"/>.</summary>
    public static bool AreManaged(IReadOnlyDictionary<string, string> tags, string environment) =>
        tags.TryGetValue(Environment, out var env) && env == environment
        && tags.TryGetValue(ManagedBy, out var by) && by == ManagedByValue;
}

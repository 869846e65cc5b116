using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// The tags every AWS resource of the platform carries and the labels every Kubernetes object carries: the
/// <see cref="ManagementTags"/> (by which handlers list managed resources and destroy removes exactly what carries
/// them) and the Piksel project's cost-allocation tag.
/// </summary>
public static class PikselTags
{
    /// <summary>AWS cost-allocation tag.</summary>
    public const string Project = "Project";

    /// <summary>The project's name.</summary>
    public const string ProjectValue = "Piksel";

    /// <summary>The three tags of an AWS resource of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string environment) =>
        new Dictionary<string, string>(ManagementTags.For(environment), StringComparer.Ordinal) { [Project] = ProjectValue };

    /// <summary>The two labels of a Kubernetes object of <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, string> LabelsFor(string environment) => ManagementTags.LabelsFor(environment);
}

using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>
/// One area of the platform, like a Terraform module: it takes what it needs from other areas as constructor inputs,
/// and owns its resources and the outputs it publishes. Both are fixed once the area is made.
/// </summary>
internal interface IDefinitionArea
{
    /// <summary>The area's resources, in the order they join the spec.</summary>
    IReadOnlyList<PlatformResource> Resources { get; }

    /// <summary>The outputs the area publishes.</summary>
    IReadOnlyList<PlatformOutput> Outputs { get; }
}

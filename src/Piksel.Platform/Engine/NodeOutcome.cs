using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>How a node of a <see cref="DagExecutor"/> run ended.</summary>
internal sealed record NodeOutcome(Exception? Error, ResourceId? SkippedBecause)
{
    public static NodeOutcome Succeeded { get; } = new(null, null);

    public bool Ok => Error is null && SkippedBecause is null;
}

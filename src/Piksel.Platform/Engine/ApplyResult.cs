using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>What an apply or destroy did, and the outputs it produced.</summary>
public sealed record ApplyResult
{
    /// <summary>The change made to each resource (rechecked changes as decided at apply time).</summary>
    public required IReadOnlyDictionary<ResourceId, ChangeKind> Done { get; init; }

    /// <summary>Each existing resource's outputs, as its handler reported them.</summary>
    public required IReadOnlyDictionary<ResourceId, IReadOnlyDictionary<string, string>> ResourceOutputs { get; init; }

    /// <summary>The spec's outputs, resolved; an output whose references are still unknown is absent.</summary>
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }

    /// <summary>How long the apply took.</summary>
    public required TimeSpan Elapsed { get; init; }
}

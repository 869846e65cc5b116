using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>The planned change of one resource.</summary>
public sealed record ResourceChange
{
    /// <summary>The resource.</summary>
    public required ResourceId Id { get; init; }

    /// <summary>What will be done.</summary>
    public required ChangeKind Kind { get; init; }

    /// <summary>The desired resource (resolved as far as outputs were known at plan time); null for a delete.</summary>
    public PlatformResource? Desired { get; init; }

    /// <summary>The resource as it was read; null when it does not exist.</summary>
    public Observed<PlatformResource>? Actual { get; init; }

    /// <summary>For update and replace: the attributes that differ. For create: every desired attribute.</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } = [];

    /// <summary>
    /// A resource this one depends on is created or replaced, so its state is read again at apply time, once that
    /// dependency exists, and the change decided then.
    /// </summary>
    public bool Recheck { get; init; }

    /// <summary>Settings inputs the resource needs but did not get (a manual secret's value).</summary>
    public IReadOnlyList<string> MissingInputs { get; init; } = [];
}

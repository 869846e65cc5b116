using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>The outcome of planning: one <see cref="ResourceChange"/> per resource, in the order they will run.</summary>
public sealed record Plan
{
    /// <summary>The spec planned for.</summary>
    public required PlatformSpec Spec { get; init; }

    /// <summary>Apply or destroy.</summary>
    public required PlanMode Mode { get; init; }

    /// <summary>The changes, spec resources in dependency order, then resources only found by their tags.</summary>
    public required IReadOnlyList<ResourceChange> Changes { get; init; }

    /// <summary>True when anything would change.</summary>
    public bool HasChanges => Changes.Any(c => c.Kind != ChangeKind.NoChange);

    /// <summary>Terraform's <c>-detailed-exitcode</c>: 0 when nothing would change, 2 when something would.</summary>
    public int DetailedExitCode => HasChanges ? DetailedExitCodes.Changes : DetailedExitCodes.NoChanges;

    /// <summary>The change of one resource.</summary>
    public ResourceChange this[ResourceId id] =>
        Changes.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"The plan has no change for {id}.");

    /// <summary>How many changes of each kind.</summary>
    public int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);

    /// <summary>The plan as text, like a Terraform plan; secret values never appear in it.</summary>
    public string Render(bool showUnchanged = true) => PlanRenderer.Render(this, showUnchanged);
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>What one pass does to one object of an add-on.</summary>
public enum AddonStep
{
    /// <summary>Absent: create it.</summary>
    Create,

    /// <summary>As EKS wants it: nothing to do.</summary>
    None,

    /// <summary>Differs: write EKS's fields over it.</summary>
    Overwrite,

    /// <summary>Someone else changed EKS's fields and the conflict mode keeps them.</summary>
    Keep,

    /// <summary>Someone else changed EKS's fields and the conflict mode refuses to go on.</summary>
    Conflict,
}

/// <summary>The step for one object and, for a conflict, the fields in dispute.</summary>
public sealed record AddonPlan(AddonObject Object, StoredObject? Current, AddonStep Step, IReadOnlyList<string> Fields)
{
    /// <summary>
    /// Decides the step for <paramref name="wanted"/> given what is stored, what the manager last applied
    /// (<paramref name="lastApplied"/>, null when it never did since start), the conflict mode and whether the add-on
    /// is being created (<c>NONE</c> and <c>PRESERVE</c> both refuse a create over changed fields; an update with
    /// <c>PRESERVE</c> keeps them, with <c>NONE</c> refuses; <c>OVERWRITE</c> always resets them).
    /// </summary>
    public static AddonPlan For(AddonObject wanted, StoredObject? current, JsonObject? lastApplied, string resolveConflicts, bool creating, bool changed)
    {
        if (current is null) return new(wanted, null, AddonStep.Create, []);
        var actual = current.View;
        var fields = ManagedFields.Differences(wanted.Desired, actual);
        if (fields.Count == 0) return new(wanted, current, AddonStep.None, []);
        if (string.Equals(resolveConflicts, "OVERWRITE", StringComparison.OrdinalIgnoreCase)) return new(wanted, current, AddonStep.Overwrite, fields);
        // Fields still as the manager left them changed only because the add-on did (a new version or configuration): not a conflict.
        if (lastApplied is not null && ManagedFields.Differences(lastApplied, actual).Count == 0) return new(wanted, current, AddonStep.Overwrite, fields);
        // Only fields nobody else set differ: taking them is no conflict.
        var conflicts = ManagedFields.Differences(wanted.Desired, actual, conflictsOnly: true);
        if (conflicts.Count == 0) return new(wanted, current, AddonStep.Overwrite, fields);
        var preserve = string.Equals(resolveConflicts, "PRESERVE", StringComparison.OrdinalIgnoreCase);
        if (creating) return new(wanted, current, AddonStep.Conflict, conflicts);
        if (preserve || !changed) return new(wanted, current, AddonStep.Keep, conflicts);
        return new(wanted, current, AddonStep.Conflict, conflicts);
    }
}

using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>One attribute that differs: its value before and after (null for absent), and its flags.</summary>
public sealed record AttributeChange(string Path, string? Before, string? After, AttributeFlags Flags)
{
    /// <summary>The value after apply is not known yet (it references an output of a resource still to be made).</summary>
    public bool AfterUnknown => After is not null && OutputRef.HasTokens(After);

    /// <summary>The change cannot be made in place.</summary>
    public bool ForcesReplacement => Flags.HasFlag(AttributeFlags.ForceNew);

    /// <summary>The values are secret; they render as <c>(sensitive value)</c>.</summary>
    public bool IsSensitive => Flags.HasFlag(AttributeFlags.Sensitive);
}

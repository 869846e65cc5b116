namespace Piksel.Platform.Spec;

/// <summary>One attribute of a resource: a dotted path, its value as JSON text and its flags.</summary>
public sealed record ResourceAttribute(string Path, string Value, AttributeFlags Flags)
{
    /// <summary>True when the value still holds an unresolved <see cref="OutputRef"/> token.</summary>
    public bool IsUnknown => OutputRef.HasTokens(Value);
}

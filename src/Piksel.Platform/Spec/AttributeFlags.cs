namespace Piksel.Platform.Spec;

/// <summary>How an attribute takes part in a diff.</summary>
[Flags]
public enum AttributeFlags
{
    /// <summary>An ordinary attribute.</summary>
    None = 0,

    /// <summary>Its value is a digest and renders as <c>(sensitive value)</c>.</summary>
    Sensitive = 1,

    /// <summary>A change replaces the resource.</summary>
    ForceNew = 2,

    /// <summary>Shown on create, never compared.</summary>
    CreateOnly = 4,
}

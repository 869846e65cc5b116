namespace Piksel.Platform.Spec;

/// <summary>The property is not a desired attribute (identity, bookkeeping) and takes no part in diffs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAttributeAttribute : Attribute;

namespace Piksel.Platform.Spec;

/// <summary>
/// The property's value is secret: the planner compares digests and every rendering shows
/// <c>(sensitive value)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SensitiveAttribute : Attribute;

/// <summary>A change of this property cannot be made in place: the resource is replaced (destroyed, then created).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ForceNewAttribute : Attribute;

/// <summary>
/// The property matters only when the resource is created (e.g. a generated secret's rules): it is shown in a
/// create and never compared afterwards, so an existing resource is never changed because of it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CreateOnlyAttribute : Attribute;

/// <summary>The property is not a desired attribute (identity, bookkeeping) and takes no part in diffs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAttributeAttribute : Attribute;

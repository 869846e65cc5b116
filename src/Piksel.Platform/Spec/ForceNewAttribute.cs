namespace Piksel.Platform.Spec;

/// <summary>A change of this property cannot be made in place: the resource is replaced (destroyed, then created).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ForceNewAttribute : Attribute;

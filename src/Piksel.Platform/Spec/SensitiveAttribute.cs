namespace Piksel.Platform.Spec;

/// <summary>
/// The property's value is secret: the planner compares digests and every rendering shows
/// <c>(sensitive value)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SensitiveAttribute : Attribute;

namespace Piksel.Platform.Spec;

/// <summary>
/// The property matters only when the resource is created (e.g. a generated secret's rules): it is shown in a
/// create and never compared afterwards, so an existing resource is never changed because of it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CreateOnlyAttribute : Attribute;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>One selector of a Fargate profile: a namespace (wildcards <c>*</c> and <c>?</c>) and labels that must all match.</summary>
public sealed record FargateSelectorSpec(string Namespace, IReadOnlyDictionary<string, string> Labels);

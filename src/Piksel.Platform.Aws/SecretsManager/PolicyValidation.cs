namespace Piksel.Platform.Aws.SecretsManager;

/// <summary>ValidateResourcePolicy's answer.</summary>
public sealed record PolicyValidation(bool Passed, IReadOnlyList<string> Errors);

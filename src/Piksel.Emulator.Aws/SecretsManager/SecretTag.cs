namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>A secret's tag.</summary>
public sealed record SecretTag(string Key, string Value);

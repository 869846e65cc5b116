namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>A secret value as a request gave it: its bytes and whether it came as SecretBinary.</summary>
internal sealed record SecretValue(byte[] Bytes, bool Binary);

namespace Piksel.Platform.Aws.Ssm;

/// <summary>A Parameter Store parameter as read: its name, type, value (a SecureString's only when decrypted), version and ARN.</summary>
public sealed record SsmParameter(string Name, string Type, string Value, long Version, string Arn);

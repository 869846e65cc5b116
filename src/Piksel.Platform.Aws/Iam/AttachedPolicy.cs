namespace Piksel.Platform.Aws.Iam;

/// <summary>A managed policy attached to a role or user.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);

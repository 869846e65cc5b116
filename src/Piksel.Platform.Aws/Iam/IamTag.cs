namespace Piksel.Platform.Aws.Iam;

/// <summary>A tag on an IAM entity.</summary>
public sealed record IamTag(string Key, string Value);

namespace Piksel.Platform.Aws.Iam;

/// <summary>A managed policy version; <see cref="Document"/> only from GetPolicyVersion (URL-decoded JSON).</summary>
public sealed record PolicyVersion(string VersionId, bool IsDefaultVersion, DateTimeOffset CreateDate, string? Document = null);

namespace Piksel.Platform.Aws.Iam;

/// <summary>The roles, users and groups a managed policy is attached to (name, unique id).</summary>
public sealed record PolicyEntities(
    IReadOnlyList<(string Name, string Id)> Roles,
    IReadOnlyList<(string Name, string Id)> Users,
    IReadOnlyList<(string Name, string Id)> Groups);

using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>What a new role session is made of, before it has keys.</summary>
internal sealed record SessionGrant
{
    public required RoleRecord Role { get; init; }
    public required string SessionName { get; init; }
    public required int DurationSeconds { get; init; }
    public IReadOnlyList<string> Policies { get; init; } = [];
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public string? FederatedProvider { get; init; }
    public string? SourceIdentity { get; init; }
}

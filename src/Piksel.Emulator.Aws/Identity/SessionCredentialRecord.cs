namespace Piksel.Emulator.Aws.Identity;

/// <summary>Temporary credentials STS issued for a role session (ASIA… keys with a session token).</summary>
public sealed record SessionCredentialRecord
{
    public required string AccessKeyId { get; init; }
    /// <summary>The secret key; sealed under the master key on disk.</summary>
    [State.Sealed]
    public required string SecretAccessKey { get; init; }
    public required string SessionToken { get; init; }
    public required DateTimeOffset Expiration { get; init; }
    public required string AccountId { get; init; }
    public required string RoleArn { get; init; }
    public required string RoleName { get; init; }
    /// <summary>AROA… id of the role.</summary>
    public required string RoleId { get; init; }
    public required string SessionName { get; init; }
    /// <summary>Session policies (JSON), inline first then resolved managed ones.</summary>
    public IReadOnlyList<string> SessionPolicies { get; init; } = [];
    public IReadOnlyDictionary<string, string> SessionTags { get; init; } = new Dictionary<string, string>();
    /// <summary>For web-identity sessions: the provider ARN.</summary>
    public string? FederatedProvider { get; init; }
    public string? SourceIdentity { get; init; }
}

namespace Piksel.Emulator.Aws.Identity;

/// <summary>What kind of caller made a request.</summary>
public enum PrincipalKind
{
    /// <summary>An unsigned request (public S3 access, AssumeRoleWithWebIdentity).</summary>
    Anonymous,
    /// <summary>The account's root user.</summary>
    Root,
    /// <summary>An IAM user with an access key.</summary>
    User,
    /// <summary>A role session from AssumeRole or AssumeRoleWithWebIdentity.</summary>
    AssumedRole,
}

/// <summary>The authenticated caller of a request, with everything IAM evaluation needs to know about it.</summary>
public sealed record Principal
{
    /// <summary>The caller's kind.</summary>
    public required PrincipalKind Kind { get; init; }

    /// <summary>The account the caller belongs to (empty for anonymous).</summary>
    public required string AccountId { get; init; }

    /// <summary>The caller's ARN: <c>arn:aws:iam::A:root</c>, <c>arn:aws:iam::A:user/path/name</c>, <c>arn:aws:sts::A:assumed-role/role/session</c>; <c>*</c> for anonymous.</summary>
    public required string Arn { get; init; }

    /// <summary>The unique id GetCallerIdentity reports: the account id for root, AIDA… for users, AROA…:session for role sessions.</summary>
    public required string UserId { get; init; }

    /// <summary>The user name (users) or the role-session name (role sessions).</summary>
    public string? Name { get; init; }

    /// <summary>For role sessions: the role's ARN (<c>arn:aws:iam::A:role/path/name</c>).</summary>
    public string? RoleArn { get; init; }

    /// <summary>For role sessions: the role's name.</summary>
    public string? RoleName { get; init; }

    /// <summary>Session policies passed to AssumeRole* (JSON documents, inline and resolved managed ones); empty when none.</summary>
    public IReadOnlyList<string> SessionPolicies { get; init; } = [];

    /// <summary>Principal tags: a user's tags, or a role's tags overlaid with session tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The access key the request was signed with (null for anonymous).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>For web-identity sessions: the federated provider ARN the session came through.</summary>
    public string? FederatedProvider { get; init; }

    /// <summary>The unsigned caller.</summary>
    public static Principal Anonymous { get; } = new() { Kind = PrincipalKind.Anonymous, AccountId = "", Arn = "*", UserId = "anonymous" };

    /// <summary>The root principal of <paramref name="accountId"/>.</summary>
    public static Principal RootOf(string accountId, string? accessKeyId = null) =>
        new() { Kind = PrincipalKind.Root, AccountId = accountId, Arn = $"arn:aws:iam::{accountId}:root", UserId = accountId, AccessKeyId = accessKeyId };
}

using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM's state for every account: the tables the IAM API writes and the authorizer and STS read.
/// Keys are <c>&lt;account&gt;/&lt;name&gt;</c> (names are case-insensitive in IAM, so keys use the lower-cased name),
/// managed policies and OIDC providers are keyed by ARN.
/// </summary>
public sealed class IamStore(StateStore store)
{
    /// <summary>Roles by <see cref="Key"/>.</summary>
    public Table<RoleRecord> Roles { get; } = store.Table<RoleRecord>("iam.roles");
    /// <summary>Users by <see cref="Key"/>.</summary>
    public Table<UserRecord> Users { get; } = store.Table<UserRecord>("iam.users");
    /// <summary>Customer managed policies by ARN.</summary>
    public Table<ManagedPolicyRecord> Policies { get; } = store.Table<ManagedPolicyRecord>("iam.policies");
    /// <summary>OIDC providers by ARN.</summary>
    public Table<OidcProviderRecord> OidcProviders { get; } = store.Table<OidcProviderRecord>("iam.oidc-providers");
    /// <summary>IAM users' access keys by access key id.</summary>
    public Table<AccessKeyRecord> AccessKeys { get; } = store.Table<AccessKeyRecord>("iam.access-keys");

    /// <summary>The key of a named entity in <paramref name="accountId"/> (IAM names are unique case-insensitively).</summary>
    public static string Key(string accountId, string name) => $"{accountId}/{name.ToLowerInvariant()}";

    /// <summary>Finds a role by name.</summary>
    public RoleRecord? FindRole(string accountId, string roleName) => Roles.Find(Key(accountId, roleName));

    /// <summary>Finds a role by its ARN (path included or not).</summary>
    public RoleRecord? FindRoleByArn(string roleArn)
    {
        var arn = Arn.TryParse(roleArn);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal)) return null;
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        var role = FindRole(arn.Account, name);
        return role is not null && string.Equals(role.Arn, roleArn, StringComparison.Ordinal) ? role : null;
    }

    /// <summary>Finds a user by name.</summary>
    public UserRecord? FindUser(string accountId, string userName) => Users.Find(Key(accountId, userName));

    /// <summary>A managed policy's default document, AWS managed or customer managed; null when there is none.</summary>
    public string? FindPolicyDocument(string policyArn) =>
        AwsManagedPolicies.Find(policyArn)?.Document ?? Policies.Find(policyArn)?.DefaultDocument;

    /// <summary>Finds the OIDC provider registered in <paramref name="accountId"/> for an issuer URL.</summary>
    public OidcProviderRecord? FindOidcProviderByIssuer(string accountId, string issuer)
    {
        var hostPath = issuer.StartsWith("https://", StringComparison.Ordinal) ? issuer["https://".Length..] : issuer;
        return OidcProviders.Find($"arn:aws:iam::{accountId}:oidc-provider/{hostPath}");
    }
}

using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM's state for every account: the tables the IAM API writes and the authorizer and STS read.
/// Keys are <c>&lt;account&gt;/&lt;name&gt;</c> (names are case-insensitive in IAM, so keys use the lower-cased name),
/// managed policies and OIDC providers are keyed by ARN.
/// </summary>
public sealed class IamStore
{
    /// <summary>IAM's tables in <paramref name="store"/>; changes reach <see cref="Effective"/> as <paramref name="propagation"/> lets them (default: at once).</summary>
    public IamStore(StateStore store, IamPropagation? propagation = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Roles = store.Table<RoleRecord>("iam.roles");
        Users = store.Table<UserRecord>("iam.users");
        Policies = store.Table<ManagedPolicyRecord>("iam.policies");
        OidcProviders = store.Table<OidcProviderRecord>("iam.oidc-providers");
        AccessKeys = store.Table<AccessKeyRecord>("iam.access-keys");
        InstanceProfiles = store.Table<InstanceProfileRecord>("iam.instance-profiles");
        Propagation = propagation ?? IamPropagation.Immediate;
        Effective = new IamView(this, Propagation);
    }

    /// <summary>Roles by <see cref="Key"/>.</summary>
    public Table<RoleRecord> Roles { get; }
    /// <summary>Users by <see cref="Key"/>.</summary>
    public Table<UserRecord> Users { get; }
    /// <summary>Customer managed policies by ARN.</summary>
    public Table<ManagedPolicyRecord> Policies { get; }
    /// <summary>OIDC providers by ARN.</summary>
    public Table<OidcProviderRecord> OidcProviders { get; }
    /// <summary>IAM users' access keys by access key id.</summary>
    public Table<AccessKeyRecord> AccessKeys { get; }
    /// <summary>Instance profiles by <see cref="Key"/>.</summary>
    public Table<InstanceProfileRecord> InstanceProfiles { get; }

    /// <summary>How IAM's changes propagate to the rest of AWS; IAM's writes go through it.</summary>
    public IamPropagation Propagation { get; }

    /// <summary>IAM as STS, the authorizer and the other services see it: each change once it has propagated.</summary>
    public IamView Effective { get; }

    /// <summary>The key of a named entity in <paramref name="accountId"/> (IAM names are unique case-insensitively).</summary>
    public static string Key(string accountId, string name) => $"{accountId}/{name.ToLowerInvariant()}";

    /// <summary>Finds a role by name.</summary>
    public RoleRecord? FindRole(string accountId, string roleName) => Roles.Find(Key(accountId, roleName));

    /// <summary>Finds a role by its ARN (path included or not).</summary>
    public RoleRecord? FindRoleByArn(string roleArn) =>
        RoleNameOf(roleArn) is var (account, name) && FindRole(account, name) is { } role
        && string.Equals(role.Arn, roleArn, StringComparison.Ordinal) ? role : null;

    /// <summary>Finds a user by name.</summary>
    public UserRecord? FindUser(string accountId, string userName) => Users.Find(Key(accountId, userName));

    /// <summary>A managed policy's default document, AWS managed or customer managed; null when there is none.</summary>
    public string? FindPolicyDocument(string policyArn) =>
        AwsManagedPolicies.Find(policyArn)?.Document ?? Policies.Find(policyArn)?.DefaultDocument;

    /// <summary>Finds the OIDC provider registered in <paramref name="accountId"/> for an issuer URL.</summary>
    public OidcProviderRecord? FindOidcProviderByIssuer(string accountId, string issuer) => OidcProviders.Find(OidcProviderArn(accountId, issuer));

    /// <summary>The account and name of a role ARN, or null when it is not one.</summary>
    internal static (string Account, string Name)? RoleNameOf(string roleArn)
    {
        var arn = Arn.TryParse(roleArn);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal)) return null;
        return (arn.Account, arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..]);
    }

    /// <summary>The ARN of the OIDC provider <paramref name="accountId"/> registers for <paramref name="issuer"/>.</summary>
    internal static string OidcProviderArn(string accountId, string issuer)
    {
        var hostPath = issuer.StartsWith("https://", StringComparison.Ordinal) ? issuer["https://".Length..] : issuer;
        return $"arn:aws:iam::{accountId}:oidc-provider/{hostPath}";
    }
}

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM as STS, the authorizer and the other services see it: each change once it has propagated
/// (<see cref="IamPropagation"/>). IAM's own operations read <see cref="IamStore"/> directly.
/// </summary>
public sealed class IamView
{
    private readonly IamStore store;
    private readonly IamPropagation propagation;

    internal IamView(IamStore store, IamPropagation propagation)
    {
        this.store = store;
        this.propagation = propagation;
    }

    /// <summary>The role named <paramref name="roleName"/> as propagated, or null.</summary>
    public RoleRecord? FindRole(string accountId, string roleName)
    {
        var key = IamStore.Key(accountId, roleName);
        return propagation.Visible(store.Roles.Name, key, store.Roles.Find(key));
    }

    /// <summary>The role with that ARN (path included or not) as propagated, or null.</summary>
    public RoleRecord? FindRoleByArn(string roleArn) =>
        IamStore.RoleNameOf(roleArn) is var (account, name) && FindRole(account, name) is { } role
        && string.Equals(role.Arn, roleArn, StringComparison.Ordinal) ? role : null;

    /// <summary>The user named <paramref name="userName"/> as propagated, or null.</summary>
    public UserRecord? FindUser(string accountId, string userName)
    {
        var key = IamStore.Key(accountId, userName);
        return propagation.Visible(store.Users.Name, key, store.Users.Find(key));
    }

    /// <summary>A managed policy's default document as propagated (AWS managed policies never change); null when there is none.</summary>
    public string? FindPolicyDocument(string policyArn) =>
        AwsManagedPolicies.Find(policyArn)?.Document ?? propagation.Visible(store.Policies.Name, policyArn, store.Policies.Find(policyArn))?.DefaultDocument;

    /// <summary>The OIDC provider <paramref name="accountId"/> registered for <paramref name="issuer"/>, as propagated, or null.</summary>
    public OidcProviderRecord? FindOidcProviderByIssuer(string accountId, string issuer)
    {
        var arn = IamStore.OidcProviderArn(accountId, issuer);
        return propagation.Visible(store.OidcProviders.Name, arn, store.OidcProviders.Find(arn));
    }
}

using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// What IAM's operation groups share over <see cref="IamStore"/>: the write gate, the clock, the entities a request
/// names, and the lookups that read across tables (attachments, boundaries, a user's keys).
/// </summary>
internal sealed class IamEntities(IamStore store, TimeProvider clock)
{
    // Writes that span tables (attach vs delete, key quota vs user deletion) run one at a time, so the checks a
    // write makes still hold when it lands. Reads stay lock-free.
    private readonly Lock gate = new();

    /// <summary>IAM's tables, shared with the authorizer, STS and SigV4.</summary>
    public IamStore Store => store;

    /// <summary>Runs <paramref name="write"/> alone among IAM's writes; what it changes propagates to the rest of AWS.</summary>
    public void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    /// <summary>Runs <paramref name="write"/> alone among IAM's writes and answers what it returns; what it changes propagates to the rest of AWS.</summary>
    public T Write<T>(Func<T> write)
    {
        lock (gate) return store.Propagation.Track(store, write);
    }

    /// <summary>The time to stamp on a new entity: IAM reports whole seconds, so storing them keeps Create and Get answers identical.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>The role named by <c>RoleName</c>; a missing one is authorized on its path-less ARN.</summary>
    public IamTarget<RoleRecord> Role(AwsRequestContext context)
    {
        var name = IamParameters.Name(context.Query, "RoleName", 64);
        var role = store.FindRole(context.AccountId, name);
        return new(store.Roles, IamStore.Key(context.AccountId, name), role?.Arn ?? IamParameters.IamArn(context, "role", "/", name),
            role, () => IamErrors.NoSuchRole(name));
    }

    /// <summary>The user <paramref name="name"/>; a missing one is authorized on its path-less ARN.</summary>
    public IamTarget<UserRecord> User(AwsRequestContext context, string name)
    {
        var user = store.FindUser(context.AccountId, name);
        return new(store.Users, IamStore.Key(context.AccountId, name), user?.Arn ?? IamParameters.IamArn(context, "user", "/", name),
            user, () => IamErrors.NoSuchUser(name));
    }

    /// <summary>The customer managed policy with that ARN, as the tagging operations address it.</summary>
    public IamTarget<ManagedPolicyRecord> Policy(string arn) =>
        new(store.Policies, arn, arn, store.Policies.Find(arn), () => IamErrors.NoSuchPolicy(arn));

    /// <summary>The OIDC provider with that ARN, as the tagging operations address it.</summary>
    public IamTarget<OidcProviderRecord> OidcProvider(string arn) =>
        new(store.OidcProviders, arn, arn, store.OidcProviders.Find(arn), () => IamErrors.NoSuchOidcProvider(arn));

    /// <summary>The AWS managed policy or this account's customer managed policy with that ARN, or null.</summary>
    public PolicyView? FindPolicy(AwsRequestContext context, string arn) =>
        AwsManagedPolicies.Find(arn) is { } aws ? PolicyView.Of(aws)
        : store.Policies.Find(arn) is { } own && own.AccountId == context.AccountId ? PolicyView.Of(own)
        : null;

    /// <summary>This account's customer managed policy with that ARN; NoSuchEntity otherwise.</summary>
    public ManagedPolicyRecord OwnPolicy(AwsRequestContext context, string arn) =>
        store.Policies.Find(arn) is { } p && p.AccountId == context.AccountId ? p : throw IamErrors.NoSuchPolicy(arn);

    /// <summary>Authorizes a change to a policy: AWS managed policies belong to AWS, so only AWS may change them.</summary>
    public static Access PolicyChange(string arn) => new(arn) { ResourceAccount = AwsManagedPolicies.Find(arn) is null ? null : "aws" };

    /// <summary>How many of the caller's roles and users have the policy attached.</summary>
    public int AttachmentCount(AwsRequestContext context, string arn) =>
        store.Roles.Values.Count(r => r.AccountId == context.AccountId && r.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal))
        + store.Users.Values.Count(u => u.AccountId == context.AccountId && u.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal));

    /// <summary>How many of the caller's roles and users have the policy as their permissions boundary.</summary>
    public int BoundaryUsageCount(AwsRequestContext context, string arn) =>
        store.Roles.Values.Count(r => r.AccountId == context.AccountId && r.PermissionsBoundaryArn == arn)
        + store.Users.Values.Count(u => u.AccountId == context.AccountId && u.PermissionsBoundaryArn == arn);

    /// <summary>Throws NoSuchEntity unless the ARN names an AWS managed policy or one of the caller's account.</summary>
    public void RequireAttachable(AwsRequestContext context, string policyArn)
    {
        if (AwsManagedPolicies.Find(policyArn) is not null) return;
        if (store.Policies.Find(policyArn) is { } policy && policy.AccountId == context.AccountId) return;
        throw IamErrors.NotAttachable(policyArn);
    }

    /// <summary>A permissions boundary must be an existing managed policy (AWS or this account's).</summary>
    public string BoundaryArn(string arn)
    {
        if (Arn.TryParse(arn) is not { Service: "iam" } parsed || !parsed.Resource.StartsWith("policy/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        return store.FindPolicyDocument(arn) is null ? throw IamErrors.NoSuchEntity($"Scope ARN: {arn} does not exist or is not attachable.") : arn;
    }

    /// <summary>The user's access keys.</summary>
    public IEnumerable<AccessKeyRecord> KeysOf(UserRecord user) =>
        store.AccessKeys.Values.Where(k => k.AccountId == user.AccountId && string.Equals(k.UserName, user.UserName, StringComparison.OrdinalIgnoreCase));
}

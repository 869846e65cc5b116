using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>Puts roles and OIDC providers straight into the emulator's IAM tables (the IAM API is not what these tests test).</summary>
internal static class StsSeed
{
    public const string Account = "000000000000";

    public static RoleRecord Role(AwsEmulator emulator, string name, string trustPolicy, int maxSessionDuration = 3600,
        string account = Account, IReadOnlyDictionary<string, string>? inlinePolicies = null)
    {
        var role = new RoleRecord
        {
            AccountId = account,
            RoleName = name,
            RoleId = CredentialStore.NewId("AROA"),
            Arn = $"arn:aws:iam::{account}:role/{name}",
            AssumeRolePolicyDocument = trustPolicy,
            MaxSessionDuration = maxSessionDuration,
            CreateDate = DateTimeOffset.UtcNow,
            InlinePolicies = inlinePolicies ?? new Dictionary<string, string>(),
        };
        emulator.State.Iam.Roles.Put(IamStore.Key(account, name), role);
        return role;
    }

    public static OidcProviderRecord OidcProvider(AwsEmulator emulator, string issuerUrl, IReadOnlyList<string> clientIds,
        string account = Account, IReadOnlyList<string>? thumbprints = null)
    {
        var provider = new OidcProviderRecord
        {
            AccountId = account,
            Arn = $"arn:aws:iam::{account}:oidc-provider/{issuerUrl["https://".Length..]}",
            Url = issuerUrl,
            ClientIds = clientIds,
            Thumbprints = thumbprints ?? [],
            CreateDate = DateTimeOffset.UtcNow,
        };
        emulator.State.Iam.OidcProviders.Put(provider.Arn, provider);
        return provider;
    }

    public static ManagedPolicyRecord ManagedPolicy(AwsEmulator emulator, string name, string document, string account = Account)
    {
        var now = DateTimeOffset.UtcNow;
        var policy = new ManagedPolicyRecord
        {
            AccountId = account,
            PolicyName = name,
            PolicyId = CredentialStore.NewId("ANPA"),
            Arn = $"arn:aws:iam::{account}:policy/{name}",
            DefaultVersionId = "v1",
            Versions = [new PolicyVersionRecord("v1", document, true, now)],
            CreateDate = now,
            UpdateDate = now,
        };
        emulator.State.Iam.Policies.Put(policy.Arn, policy);
        return policy;
    }

    /// <summary>
    /// Credentials of an IAM user of <paramref name="account"/> allowed to call sts:AssumeRole (and tag sessions):
    /// AWS refuses AssumeRole from root credentials ("Roles may not be assumed by root accounts"), so tests assume
    /// roles as a user, as real callers do.
    /// </summary>
    public static Amazon.Runtime.AWSCredentials Caller(AwsEmulator emulator, string account = Account)
    {
        const string name = "sts-test-caller";
        var iam = emulator.State.Iam;
        if (iam.FindUser(account, name) is null)
        {
            iam.Users.Put(IamStore.Key(account, name), new UserRecord
            {
                AccountId = account,
                UserName = name,
                UserId = CredentialStore.NewId("AIDA"),
                Arn = $"arn:aws:iam::{account}:user/{name}",
                CreateDate = DateTimeOffset.UtcNow,
                InlinePolicies = new Dictionary<string, string>
                {
                    ["assume"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"],"Resource":"*"}]}""",
                },
            });
        }
        var key = iam.AccessKeys.Values.FirstOrDefault(k => k.AccountId == account && k.UserName == name);
        if (key is null)
        {
            key = new AccessKeyRecord
            {
                AccountId = account,
                UserName = name,
                AccessKeyId = CredentialStore.NewId("AKIA"),
                SecretAccessKey = CredentialStore.NewSecret(),
                CreateDate = DateTimeOffset.UtcNow,
            };
            iam.AccessKeys.Put(key.AccessKeyId, key);
        }
        return new Amazon.Runtime.BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey);
    }

    /// <summary>A trust policy letting principals of <paramref name="account"/> (subject to their own policies) assume the role.</summary>
    public static string TrustAccount(string account = Account, string? condition = null) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account}}:root"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]{{(condition is null ? "" : "," + condition)}}}]}""";

    /// <summary>An IRSA trust policy: the OIDC provider, with StringEquals on its sub and aud keys.</summary>
    public static string TrustWebIdentity(OidcProviderRecord provider, string subject, string audience = "sts.amazonaws.com")
    {
        var hostPath = provider.Url["https://".Length..];
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider.Arn
            + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"" + hostPath + ":sub\":\"" + subject
            + "\",\"" + hostPath + ":aud\":\"" + audience + "\"}}}]}";
    }
}

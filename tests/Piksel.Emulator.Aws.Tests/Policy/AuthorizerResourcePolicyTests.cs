using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.AuthorizerWorld;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Cross-account access, KMS key policies, role trust policies and anonymous callers.</summary>
public sealed class AuthorizerResourcePolicyTests : IDisposable
{
    private const string Object = "arn:aws:s3:::their-bucket/key";
    private const string Key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Provider = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    private readonly AuthorizerWorld world = new();

    public void Dispose() => world.Dispose();

    private static ResourcePolicy KeyPolicy(string principal, string action = "kms:*") => new(ResourcePolicy("Allow", principal, action), ResourcePolicyKind.KeyPolicy);

    // ---- Cross-account: both sides must allow.

    [Fact]
    public void Cross_account_without_a_resource_policy_is_denied()
    {
        var alice = world.User(A, "alice", inline: [IdentityPolicy("Allow", "s3:*")]);
        var result = world.Ask(alice, "s3:GetObject", Object, resourceAccount: B);
        Assert.False(result.Allowed);
        Assert.EndsWith("because no resource-based policy allows the s3:GetObject action", result.Message);
    }

    [Fact]
    public void Cross_account_needs_the_callers_identity_policy_and_the_resource_policy()
    {
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{A}}"}""", "s3:GetObject"));
        var allowed = world.User(A, "allowed", inline: [IdentityPolicy("Allow", "s3:GetObject")]);
        var bare = world.User(A, "bare");
        Assert.True(world.Ask(allowed, "s3:GetObject", Object, bucket, resourceAccount: B).Allowed);
        Assert.EndsWith("because no identity-based policy allows the s3:GetObject action", world.Ask(bare, "s3:GetObject", Object, bucket, resourceAccount: B).Message);
        Assert.False(world.Ask(allowed, "s3:PutObject", Object, bucket, resourceAccount: B).Allowed);
    }

    [Fact]
    public void Cross_account_resource_policy_naming_the_user_still_needs_the_users_account()
    {
        var carl = world.User(A, "carl");
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{carl.Arn}}"}""", "s3:GetObject"));
        Assert.False(world.Ask(carl, "s3:GetObject", Object, bucket, resourceAccount: B).Allowed);
    }

    [Fact]
    public void Cross_account_role_session_is_limited_by_its_session_policy()
    {
        var session = world.Session(A, "xacct", inline: [IdentityPolicy("Allow", "s3:*")], sessionPolicies: [IdentityPolicy("Allow", "s3:ListBucket")]);
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{session.RoleArn}}"}""", "s3:*"));
        Assert.EndsWith("because no session policy allows the s3:GetObject action", world.Ask(session, "s3:GetObject", Object, bucket, resourceAccount: B).Message);
        Assert.True(world.Ask(session, "s3:ListBucket", "arn:aws:s3:::their-bucket", bucket, resourceAccount: B).Allowed);
    }

    [Fact]
    public void Cross_account_root_needs_a_resource_policy_naming_its_account()
    {
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"arn:aws:iam::{{A}}:root"}""", "s3:GetObject"));
        Assert.True(world.Ask(Principal.RootOf(A), "s3:GetObject", Object, bucket, resourceAccount: B).Allowed);
        Assert.False(world.Ask(Principal.RootOf(A), "s3:GetObject", Object, resourceAccount: B).Allowed);
        Assert.False(world.Ask(Principal.RootOf(A), "s3:PutObject", Object, bucket, resourceAccount: B).Allowed);
    }

    [Fact]
    public void ResourceAccount_key_is_the_owner()
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}}}""";
        var dana = world.User(A, "dana", inline: [policy]);
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", "\"*\"", "s3:*"));
        Assert.True(world.Ask(dana, "s3:GetObject", Object).Allowed);
        Assert.False(world.Ask(dana, "s3:GetObject", Object, bucket, resourceAccount: B).Allowed);
    }

    // ---- KMS key policies: the key policy must allow, directly or by delegating to the account.

    [Fact]
    public void Key_policy_delegating_to_the_account_needs_IAM_permission()
    {
        var policy = KeyPolicy($$"""{"AWS":"arn:aws:iam::{{A}}:root"}""");
        var admin = world.User(A, "kmsadmin", inline: [IdentityPolicy("Allow", "kms:Decrypt")]);
        var plain = world.User(A, "plain");
        Assert.True(world.Ask(admin, "kms:Decrypt", Key, policy).Allowed);
        Assert.EndsWith("because no identity-based policy allows the kms:Decrypt action", world.Ask(plain, "kms:Decrypt", Key, policy).Message);
        Assert.True(world.Ask(Principal.RootOf(A), "kms:Decrypt", Key, policy).Allowed);
    }

    [Fact]
    public void Key_policy_naming_the_user_grants_without_IAM_policy()
    {
        var user = world.User(A, "keyuser");
        Assert.True(world.Ask(user, "kms:Encrypt", Key, KeyPolicy($$"""{"AWS":"{{user.Arn}}"}""")).Allowed);
    }

    [Fact]
    public void Key_policy_that_does_not_name_the_caller_denies_even_root_and_IAM_admins()
    {
        var policy = KeyPolicy("""{"AWS":"arn:aws:iam::111111111111:user/someone-else"}""");
        var admin = world.User(A, "admin", inline: [IdentityPolicy("Allow", "*")]);
        var result = world.Ask(admin, "kms:Decrypt", Key, policy);
        Assert.Equal("User: arn:aws:iam::111111111111:user/admin is not authorized to perform: kms:Decrypt on resource: " + Key + " because no resource-based policy allows the kms:Decrypt action", result.Message);
        Assert.False(world.Ask(Principal.RootOf(A), "kms:Decrypt", Key, policy).Allowed);
    }

    [Fact]
    public void Key_policy_naming_the_role_is_limited_by_the_session_policy()
    {
        var session = world.Session(A, "kmsrole", sessionPolicies: [IdentityPolicy("Allow", "kms:Encrypt")]);
        var policy = KeyPolicy($$"""{"AWS":"{{session.RoleArn}}"}""");
        Assert.True(world.Ask(session, "kms:Encrypt", Key, policy).Allowed);
        Assert.EndsWith("because no session policy allows the kms:Decrypt action", world.Ask(session, "kms:Decrypt", Key, policy).Message);
    }

    [Fact]
    public void Key_policy_of_another_account_naming_ours_needs_our_IAM_policy()
    {
        var policy = KeyPolicy($$"""{"AWS":"arn:aws:iam::{{A}}:root"}""", "kms:Decrypt");
        var user = world.User(A, "xkms", inline: [IdentityPolicy("Allow", "kms:Decrypt", "arn:aws:kms:*:222222222222:key/*")]);
        var foreignKey = "arn:aws:kms:us-east-1:222222222222:key/k1";
        Assert.True(world.Ask(user, "kms:Decrypt", foreignKey, policy, resourceAccount: B).Allowed);
        Assert.False(world.Ask(world.User(A, "xkms2"), "kms:Decrypt", foreignKey, policy, resourceAccount: B).Allowed);
    }

    [Fact]
    public void Key_policy_condition_on_caller_account()
    {
        var policy = new ResourcePolicy(ResourcePolicy("Allow", """{"AWS":"*"}""", "kms:Decrypt", condition: """{"StringEquals":{"kms:CallerAccount":"111111111111"}}"""), ResourcePolicyKind.KeyPolicy);
        var user = world.User(A, "caller");
        Assert.True(world.Ask(user, "kms:Decrypt", Key, policy, keys: "kms:CallerAccount=111111111111").Allowed);
        Assert.False(world.Ask(user, "kms:Decrypt", Key, policy, keys: "kms:CallerAccount=999999999999").Allowed);
    }

    // ---- Trust policies.

    private static ResourcePolicy TrustOf(string principal, string action = "sts:AssumeRole", string? condition = null, string effect = "Allow") =>
        new(Trust(principal, action, condition, effect), ResourcePolicyKind.TrustPolicy);

    [Fact]
    public void Same_account_trust_naming_the_user_is_enough()
    {
        var user = world.User(A, "assumer");
        Assert.True(world.Ask(user, "sts:AssumeRole", $"arn:aws:iam::{A}:role/target", TrustOf($$"""{"AWS":"{{user.Arn}}"}""")).Allowed);
    }

    [Fact]
    public void Trust_naming_the_account_needs_the_callers_identity_policy()
    {
        var trust = TrustOf($$"""{"AWS":"{{A}}"}""");
        var with = world.User(A, "with", inline: [IdentityPolicy("Allow", "sts:AssumeRole", $"arn:aws:iam::{A}:role/*")]);
        var without = world.User(A, "without");
        Assert.True(world.Ask(with, "sts:AssumeRole", $"arn:aws:iam::{A}:role/target", trust).Allowed);
        Assert.False(world.Ask(without, "sts:AssumeRole", $"arn:aws:iam::{A}:role/target", trust).Allowed);
    }

    [Fact]
    public void Trust_that_does_not_name_the_caller_answers_as_STS_does()
    {
        var user = world.User(A, "stranger", inline: [IdentityPolicy("Allow", "sts:AssumeRole")]);
        var result = world.Ask(user, "sts:AssumeRole", $"arn:aws:iam::{B}:role/target", TrustOf($$"""{"AWS":"{{B}}"}"""), resourceAccount: B);
        Assert.False(result.Allowed);
        Assert.Equal("User: arn:aws:iam::111111111111:user/stranger is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/target", result.Message);
    }

    [Fact]
    public void Cross_account_assume_role_needs_both_sides()
    {
        var role = $"arn:aws:iam::{B}:role/target";
        var with = world.User(A, "xwith", inline: [IdentityPolicy("Allow", "sts:AssumeRole", role)]);
        var without = world.User(A, "xwithout");
        Assert.True(world.Ask(with, "sts:AssumeRole", role, TrustOf($$"""{"AWS":"{{with.Arn}}"}"""), resourceAccount: B).Allowed);
        Assert.True(world.Ask(with, "sts:AssumeRole", role, TrustOf($$"""{"AWS":"arn:aws:iam::{{A}}:root"}"""), resourceAccount: B).Allowed);
        Assert.EndsWith("because no identity-based policy allows the sts:AssumeRole action",
            world.Ask(without, "sts:AssumeRole", role, TrustOf($$"""{"AWS":"{{without.Arn}}"}"""), resourceAccount: B).Message);
    }

    [Fact]
    public void Role_chaining_trust_names_the_role()
    {
        var session = world.Session(A, "first");
        Assert.True(world.Ask(session, "sts:AssumeRole", $"arn:aws:iam::{A}:role/second", TrustOf($$"""{"AWS":"{{session.RoleArn}}"}""")).Allowed);
    }

    [Fact]
    public void Explicit_deny_in_a_trust_policy()
    {
        var user = world.User(A, "denied");
        var trust = new ResourcePolicy($$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{A}}"},"Action":"sts:AssumeRole"},
              {"Effect":"Deny","Principal":{"AWS":"{{user.Arn}}"},"Action":"sts:AssumeRole"}]}
            """, ResourcePolicyKind.TrustPolicy);
        var result = world.Ask(user, "sts:AssumeRole", $"arn:aws:iam::{A}:role/r", trust);
        Assert.False(result.Allowed);
        Assert.True(result.ExplicitDeny);
    }

    [Fact]
    public void Root_may_not_assume_roles()
    {
        var result = world.Ask(Principal.RootOf(A), "sts:AssumeRole", $"arn:aws:iam::{A}:role/r", TrustOf($$"""{"AWS":"{{A}}"}"""));
        Assert.Equal("Roles may not be assumed by root accounts.", result.Message);
    }

    [Theory]
    // The EKS IRSA trust policy: Federated provider + StringEquals on :sub and :aud.
    [InlineData("system:serviceaccount:default:my-sa", "sts.amazonaws.com", true)]
    [InlineData("system:serviceaccount:default:other-sa", "sts.amazonaws.com", false)]
    [InlineData("system:serviceaccount:default:my-sa", "other-audience", false)]
    public void Web_identity_is_judged_by_the_trust_policy_alone(string sub, string aud, bool allowed)
    {
        const string host = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        var trust = TrustOf($$"""{"Federated":"{{Provider}}"}""", "sts:AssumeRoleWithWebIdentity",
            $$$"""{"StringEquals":{"{{{host}}}:sub":"system:serviceaccount:default:my-sa","{{{host}}}:aud":"sts.amazonaws.com"}}""");
        var caller = Principal.Anonymous with { FederatedProvider = Provider };
        var result = world.Ask(caller, "sts:AssumeRoleWithWebIdentity", $"arn:aws:iam::{A}:role/irsa", trust, resourceAccount: A, keys: [$"{host}:sub={sub}", $"{host}:aud={aud}"]);
        Assert.Equal(allowed, result.Allowed);
        if (!allowed) Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", result.Message);
    }

    [Fact]
    public void Web_identity_namespace_wildcard_and_wrong_provider()
    {
        const string host = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        var trust = TrustOf($$"""{"Federated":"{{Provider}}"}""", "sts:AssumeRoleWithWebIdentity", $$$"""{"StringLike":{"{{{host}}}:sub":"system:serviceaccount:apps:*"}}""");
        var caller = Principal.Anonymous with { FederatedProvider = Provider };
        Assert.True(world.Ask(caller, "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111111111111:role/irsa", trust, keys: $"{host}:sub=system:serviceaccount:apps:web").Allowed);
        Assert.False(world.Ask(caller, "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111111111111:role/irsa", trust, keys: $"{host}:sub=system:serviceaccount:kube-system:web").Allowed);
        var other = Principal.Anonymous with { FederatedProvider = "arn:aws:iam::111111111111:oidc-provider/example.com" };
        Assert.False(world.Ask(other, "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111111111111:role/irsa", trust, keys: $"{host}:sub=system:serviceaccount:apps:web").Allowed);
    }

    // ---- Anonymous callers.

    [Fact]
    public void Anonymous_without_a_resource_policy_is_denied()
    {
        var result = world.Ask(Principal.Anonymous, "s3:GetObject", Object, resourceAccount: B);
        Assert.False(result.Allowed);
        Assert.Equal("User: anonymous is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::their-bucket/key because no resource-based policy allows the s3:GetObject action", result.Message);
    }

    [Fact]
    public void Anonymous_is_allowed_only_by_a_public_statement()
    {
        var publicRead = new ResourcePolicy(ResourcePolicy("Allow", "\"*\"", "s3:GetObject", "arn:aws:s3:::their-bucket/*"));
        var accountOnly = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{B}}"}""", "s3:GetObject"));
        Assert.True(world.Ask(Principal.Anonymous, "s3:GetObject", Object, publicRead, resourceAccount: B).Allowed);
        Assert.False(world.Ask(Principal.Anonymous, "s3:PutObject", Object, publicRead, resourceAccount: B).Allowed);
        Assert.False(world.Ask(Principal.Anonymous, "s3:GetObject", Object, accountOnly, resourceAccount: B).Allowed);
    }

    [Fact]
    public void Public_statement_with_conditions_and_denies()
    {
        var policy = new ResourcePolicy("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}},
              {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """);
        Assert.True(world.Ask(Principal.Anonymous, "s3:GetObject", Object, policy, resourceAccount: B).Allowed);
        Assert.False(world.Ask(Principal.Anonymous, "s3:GetObject", Object, policy, resourceAccount: B, ip: "198.51.100.2").Allowed);
        var insecure = world.Ask(Principal.Anonymous, "s3:GetObject", Object, policy, resourceAccount: B, secure: false);
        Assert.True(insecure.ExplicitDeny);
        Assert.EndsWith("with an explicit deny in a resource-based policy", insecure.Message);
    }

    [Fact]
    public void Public_statement_lets_any_signed_caller_in_too()
    {
        var publicRead = new ResourcePolicy(ResourcePolicy("Allow", "\"*\"", "s3:GetObject"));
        Assert.True(world.Ask(world.User(A, "samer"), "s3:GetObject", Object, publicRead).Allowed);
        Assert.False(world.Ask(world.User(A, "other"), "s3:GetObject", Object, publicRead, resourceAccount: B).Allowed);
    }
}

using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.AuthorizerWorld;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Single-account decisions for users, roles, boundaries and session policies ("Policy evaluation logic", IAM User Guide).</summary>
public sealed class AuthorizerTests : IDisposable
{
    private const string Object = "arn:aws:s3:::bucket/key";
    private readonly AuthorizerWorld world = new();

    public void Dispose() => world.Dispose();

    [Fact]
    public void User_without_policies_is_implicitly_denied_with_AWS_wording()
    {
        var alice = world.User(A, "alice");
        var result = world.Ask(alice, "s3:GetObject", Object);
        Assert.False(result.Allowed);
        Assert.False(result.ExplicitDeny);
        Assert.Equal("User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action", result.Message);
    }

    [Fact]
    public void Inline_and_attached_managed_policies_allow()
    {
        var inline = world.User(A, "inline", inline: [IdentityPolicy("Allow", "s3:GetObject")]);
        var managed = world.User(A, "managed", attached: [world.Managed(A, "S3Read", IdentityPolicy("Allow", "s3:Get*"))]);
        Assert.True(world.Ask(inline, "s3:GetObject", Object).Allowed);
        Assert.True(world.Ask(managed, "s3:GetObject", Object).Allowed);
        Assert.False(world.Ask(managed, "s3:PutObject", Object).Allowed);
    }

    [Fact]
    public void Explicit_deny_in_a_managed_policy_beats_an_inline_allow()
    {
        var bob = world.User(A, "bob", inline: [IdentityPolicy("Allow", "s3:*")], attached: [world.Managed(A, "NoDelete", IdentityPolicy("Deny", "s3:DeleteObject"))]);
        var result = world.Ask(bob, "s3:DeleteObject", Object);
        Assert.False(result.Allowed);
        Assert.True(result.ExplicitDeny);
        Assert.EndsWith("on resource: arn:aws:s3:::bucket/key with an explicit deny in an identity-based policy", result.Message);
    }

    [Fact]
    public void Permissions_boundary_intersects_with_identity_policies()
    {
        var boundary = world.Managed(A, "Boundary", IdentityPolicy("Allow", "s3:GetObject"));
        var carol = world.User(A, "carol", inline: [IdentityPolicy("Allow", "s3:*")], boundary: boundary);
        Assert.True(world.Ask(carol, "s3:GetObject", Object).Allowed);
        var put = world.Ask(carol, "s3:PutObject", Object);
        Assert.False(put.Allowed);
        Assert.EndsWith("because no permissions boundary allows the s3:PutObject action", put.Message);
    }

    [Fact]
    public void Boundary_alone_grants_nothing()
    {
        var dave = world.User(A, "dave", boundary: world.Managed(A, "Wide", IdentityPolicy("Allow", "*")));
        Assert.EndsWith("because no identity-based policy allows the s3:GetObject action", world.Ask(dave, "s3:GetObject", Object).Message);
    }

    [Fact]
    public void Explicit_deny_in_a_boundary()
    {
        var boundary = world.Managed(A, "DenyBoundary", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}""");
        var erin = world.User(A, "erin", inline: [IdentityPolicy("Allow", "s3:*")], boundary: boundary);
        var result = world.Ask(erin, "s3:DeleteObject", Object);
        Assert.True(result.ExplicitDeny);
        Assert.EndsWith("with an explicit deny in a permissions boundary", result.Message);
    }

    [Fact]
    public void Missing_boundary_policy_allows_nothing()
    {
        var frank = world.User(A, "frank", inline: [IdentityPolicy("Allow", "s3:*")], boundary: $"arn:aws:iam::{A}:policy/Gone");
        Assert.False(world.Ask(frank, "s3:GetObject", Object).Allowed);
    }

    [Fact]
    public void Resource_policy_naming_the_user_grants_on_its_own_even_past_a_boundary()
    {
        var boundary = world.Managed(A, "Tight", IdentityPolicy("Allow", "ec2:Describe*"));
        var gina = world.User(A, "gina", boundary: boundary);
        var bucketPolicy = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{gina.Arn}}"}""", "s3:GetObject", "arn:aws:s3:::bucket/*"));
        Assert.True(world.Ask(gina, "s3:GetObject", Object, bucketPolicy).Allowed);
        Assert.False(world.Ask(gina, "s3:PutObject", Object, bucketPolicy).Allowed);
    }

    [Fact]
    public void Resource_policy_naming_the_account_delegates_to_IAM()
    {
        var bucketPolicy = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"arn:aws:iam::{{A}}:root"}""", "s3:*"));
        var without = world.User(A, "nopolicy");
        var with = world.User(A, "withpolicy", inline: [IdentityPolicy("Allow", "s3:GetObject")]);
        Assert.EndsWith("because no identity-based policy allows the s3:GetObject action", world.Ask(without, "s3:GetObject", Object, bucketPolicy).Message);
        Assert.True(world.Ask(with, "s3:GetObject", Object, bucketPolicy).Allowed);
    }

    [Fact]
    public void Explicit_deny_in_a_resource_policy_beats_identity_allow_and_root()
    {
        var deny = new ResourcePolicy(ResourcePolicy("Deny", "\"*\"", "s3:DeleteObject"));
        var henry = world.User(A, "henry", inline: [IdentityPolicy("Allow", "s3:*")]);
        var result = world.Ask(henry, "s3:DeleteObject", Object, deny);
        Assert.True(result.ExplicitDeny);
        Assert.EndsWith("with an explicit deny in a resource-based policy", result.Message);
        Assert.False(world.Ask(Principal.RootOf(A), "s3:DeleteObject", Object, deny).Allowed);
        Assert.True(world.Ask(Principal.RootOf(A), "s3:GetObject", Object, deny).Allowed);
    }

    [Fact]
    public void Root_may_do_anything_in_its_own_account()
    {
        Assert.True(world.Ask(Principal.RootOf(A), "iam:CreateUser", $"arn:aws:iam::{A}:user/x").Allowed);
        Assert.True(world.Ask(Principal.RootOf(A), "s3:GetObject", Object, new ResourcePolicy(ResourcePolicy("Allow", "{\"AWS\":\"999999999999\"}", "s3:*"))).Allowed);
    }

    [Fact]
    public void Deleted_user_has_no_permissions()
    {
        var ghost = new Principal { Kind = PrincipalKind.User, AccountId = A, Arn = $"arn:aws:iam::{A}:user/ghost", UserId = "AIDAGHOST", Name = "ghost" };
        Assert.False(world.Ask(ghost, "s3:GetObject", Object).Allowed);
    }

    [Theory]
    [InlineData("arn:aws:s3:::home/ivan/notes", true)]
    [InlineData("arn:aws:s3:::home/judy/notes", false)]
    public void Username_variable_comes_from_the_caller(string resource, bool allowed)
    {
        var ivan = world.User(A, "ivan", inline: [IdentityPolicy("Allow", "s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")]);
        Assert.Equal(allowed, world.Ask(ivan, "s3:GetObject", resource).Allowed);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void SecureTransport_comes_from_the_request(bool secure, bool allowed)
    {
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
        var kim = world.User(A, "kim", inline: [policy]);
        Assert.Equal(allowed, world.Ask(kim, "s3:GetObject", Object, secure: secure).Allowed);
    }

    [Theory]
    [InlineData("192.0.2.17", true)]
    [InlineData("198.51.100.1", false)]
    public void SourceIp_comes_from_the_request(string ip, bool allowed)
    {
        var lee = world.User(A, "lee", inline: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}}"""]);
        Assert.Equal(allowed, world.Ask(lee, "s3:GetObject", Object, ip: ip).Allowed);
    }

    [Theory]
    [InlineData("eu-west-1", true)]
    [InlineData("us-east-1", false)]
    public void RequestedRegion_comes_from_the_request(string region, bool allowed)
    {
        var mia = world.User(A, "mia", inline: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}}"""]);
        Assert.Equal(allowed, world.Ask(mia, "sqs:SendMessage", "*", region: region).Allowed);
    }

    [Fact]
    public void CurrentTime_and_EpochTime_come_from_the_clock()
    {
        var ned = world.User(A, "ned", inline: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"},"DateLessThan":{"aws:EpochTime":"1735689600"}}}}"""]);
        Assert.True(world.Ask(ned, "s3:GetObject", Object).Allowed);
        Assert.False(world.Ask(ned, "s3:GetObject", Object, time: new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero)).Allowed);
        Assert.False(world.Ask(ned, "s3:GetObject", Object, time: new DateTimeOffset(2023, 2, 1, 0, 0, 0, TimeSpan.Zero)).Allowed);
    }

    [Fact]
    public void Principal_tags_and_global_principal_keys()
    {
        var policy = """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:PrincipalTag/team}/*",
             "Condition":{"StringEquals":{"aws:PrincipalType":"User","aws:PrincipalAccount":"111111111111","aws:userid":"AIDAOLGA","aws:PrincipalArn":"arn:aws:iam::111111111111:user/olga"}}}}
            """;
        var olga = world.User(A, "olga", inline: [policy], tags: new Dictionary<string, string> { ["team"] = "blue" });
        Assert.True(world.Ask(olga, "s3:GetObject", "arn:aws:s3:::blue/x").Allowed);
        Assert.False(world.Ask(olga, "s3:GetObject", "arn:aws:s3:::red/x").Allowed);
    }

    [Fact]
    public void Request_context_keys_reach_conditions()
    {
        var pat = world.User(A, "pat", inline: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket","Condition":{"StringLike":{"s3:prefix":"public/*"}}}}"""]);
        Assert.True(world.Ask(pat, "s3:ListBucket", "arn:aws:s3:::bucket", keys: "s3:prefix=public/img").Allowed);
        Assert.False(world.Ask(pat, "s3:ListBucket", "arn:aws:s3:::bucket", keys: "s3:prefix=private/").Allowed);
        Assert.False(world.Ask(pat, "s3:ListBucket", "arn:aws:s3:::bucket").Allowed);
    }

    [Fact]
    public void Role_session_uses_the_roles_policies()
    {
        var session = world.Session(A, "reader", inline: [IdentityPolicy("Allow", "s3:GetObject")], attached: [world.Managed(A, "ListAll", IdentityPolicy("Allow", "s3:List*"))]);
        Assert.True(world.Ask(session, "s3:GetObject", Object).Allowed);
        Assert.True(world.Ask(session, "s3:ListBucket", "arn:aws:s3:::bucket").Allowed);
        var put = world.Ask(session, "s3:PutObject", Object);
        Assert.Equal("User: arn:aws:sts::111111111111:assumed-role/reader/s1 is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:PutObject action", put.Message);
    }

    [Fact]
    public void Role_boundary_limits_sessions()
    {
        var session = world.Session(A, "bounded", inline: [IdentityPolicy("Allow", "*")], boundary: world.Managed(A, "OnlyS3", IdentityPolicy("Allow", "s3:*")));
        Assert.True(world.Ask(session, "s3:GetObject", Object).Allowed);
        Assert.EndsWith("because no permissions boundary allows the iam:CreateUser action", world.Ask(session, "iam:CreateUser", "*").Message);
    }

    [Fact]
    public void Session_policy_intersects_with_role_policies()
    {
        var session = world.Session(A, "wide", inline: [IdentityPolicy("Allow", "s3:*")], sessionPolicies: [IdentityPolicy("Allow", "s3:GetObject")]);
        Assert.True(world.Ask(session, "s3:GetObject", Object).Allowed);
        Assert.EndsWith("because no session policy allows the s3:PutObject action", world.Ask(session, "s3:PutObject", Object).Message);
    }

    [Fact]
    public void Session_policy_cannot_grant_more_than_the_role()
    {
        var session = world.Session(A, "narrow", inline: [IdentityPolicy("Allow", "s3:GetObject")], sessionPolicies: [IdentityPolicy("Allow", "*")]);
        Assert.EndsWith("because no identity-based policy allows the s3:PutObject action", world.Ask(session, "s3:PutObject", Object).Message);
    }

    [Fact]
    public void Several_session_policies_are_a_union_and_their_denies_count()
    {
        var session = world.Session(A, "multi", inline: [IdentityPolicy("Allow", "*")],
            sessionPolicies: [IdentityPolicy("Allow", "s3:GetObject"), IdentityPolicy("Allow", "s3:PutObject"), IdentityPolicy("Deny", "s3:PutObject", "arn:aws:s3:::bucket/secret")]);
        Assert.True(world.Ask(session, "s3:GetObject", Object).Allowed);
        Assert.True(world.Ask(session, "s3:PutObject", Object).Allowed);
        var denied = world.Ask(session, "s3:PutObject", "arn:aws:s3:::bucket/secret");
        Assert.True(denied.ExplicitDeny);
        Assert.EndsWith("with an explicit deny in a session policy", denied.Message);
    }

    [Fact]
    public void Resource_policy_naming_the_role_is_still_limited_by_the_session_policy()
    {
        var session = world.Session(A, "byrole", sessionPolicies: [IdentityPolicy("Allow", "s3:ListBucket")]);
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{session.RoleArn}}"}""", "s3:GetObject"));
        Assert.EndsWith("because no session policy allows the s3:GetObject action", world.Ask(session, "s3:GetObject", Object, bucket).Message);
        var plain = world.Session(A, "byrole2");
        var bucket2 = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{plain.RoleArn}}"}""", "s3:GetObject"));
        Assert.True(world.Ask(plain, "s3:GetObject", Object, bucket2).Allowed);
    }

    [Fact]
    public void Resource_policy_naming_the_session_grants_past_the_session_policy()
    {
        var session = world.Session(A, "bysession", sessionPolicies: [IdentityPolicy("Allow", "s3:ListBucket")]);
        var bucket = new ResourcePolicy(ResourcePolicy("Allow", $$"""{"AWS":"{{session.Arn}}"}""", "s3:GetObject"));
        Assert.True(world.Ask(session, "s3:GetObject", Object, bucket).Allowed);
    }

    [Fact]
    public void PrincipalArn_of_a_role_session_is_the_role()
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/app-*"},"StringEquals":{"aws:PrincipalType":"AssumedRole","aws:userid":"AROAAPP-WEB:s1"}}}}""";
        var session = world.Session(A, "app-web", inline: [policy]);
        Assert.True(world.Ask(session, "s3:GetObject", Object).Allowed);
    }
}

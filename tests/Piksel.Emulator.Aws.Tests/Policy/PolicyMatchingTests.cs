using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.PolicyTestKit;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Action, Resource and Principal matching (IAM User Guide: Action, NotAction, Resource, NotResource, Principal, NotPrincipal).</summary>
public sealed class PolicyMatchingTests
{
    private static string Statement(string body, string version = "2012-10-17") => $$"""{"Version":"{{version}}","Statement":[{{body}}]}""";

    [Theory]
    [InlineData("s3:GetObject", "s3:GetObject", true)]
    [InlineData("s3:GetObject", "S3:GETOBJECT", true)]
    [InlineData("s3:Get*", "s3:GetObjectAcl", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("iam:*AccessKey*", "iam:CreateAccessKey", true)]
    [InlineData("iam:*AccessKey*", "iam:ListAccessKeys", true)]
    [InlineData("iam:*AccessKey*", "iam:CreateUser", false)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("*", "kms:Decrypt", true)]
    [InlineData("s3:*", "s3express:CreateSession", false)]
    public void Actions_match_case_insensitively_with_wildcards(string pattern, string action, bool allowed) =>
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny,
            Evaluate(Statement($$"""{"Effect":"Allow","Action":"{{pattern}}","Resource":"*"}"""), action, "arn:aws:s3:::b"));

    [Fact]
    public void Allow_with_NotAction_allows_everything_else()
    {
        // The doc's example: everything except IAM.
        var json = Statement("""{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""");
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "s3:ListAllMyBuckets", "*"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(json, "iam:CreateUser", "*"));
    }

    [Fact]
    public void Deny_with_NotAction_denies_all_but_the_list()
    {
        // The doc's MFA example: deny everything except the IAM actions needed to set up MFA when MFA is absent.
        var json = Statement("""
            {"Effect":"Allow","Action":"*","Resource":"*"},
            {"Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","sts:GetSessionToken"],"Resource":"*",
             "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}
            """);
        Assert.Equal(PolicyDecision.ExplicitDeny, Evaluate(json, "s3:GetObject", "*"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "iam:EnableMFADevice", "*"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "s3:GetObject", "*", "aws:MultiFactorAuthPresent=true"));
    }

    [Theory]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.txt", true)]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket", false)]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket*", "arn:aws:s3:::amzn-s3-demo-bucket-logs/x", true)]
    [InlineData("arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/division/team/bob", true)]
    [InlineData("arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob", false)]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1", true)]
    [InlineData("arn:aws:ec2:us-east-?:123456789012:instance/*", "arn:aws:ec2:us-east-2:123456789012:instance/i-1", true)]
    [InlineData("arn:aws:ec2:us-east-?:123456789012:instance/*", "arn:aws:ec2:us-west-2:123456789012:instance/i-1", false)]
    [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:/app:log-stream:x", true)]
    public void Resources_match_arn_wildcards(string pattern, string resource, bool allowed) =>
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny,
            Evaluate(Statement($$"""{"Effect":"Allow","Action":"*","Resource":"{{pattern}}"}"""), "s3:GetObject", resource));

    [Fact]
    public void NotResource_matches_everything_else()
    {
        var json = Statement("""{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::hr","arn:aws:s3:::hr/*"]},{"Effect":"Allow","Action":"s3:*","Resource":"*"}""");
        Assert.Equal(PolicyDecision.ExplicitDeny, Evaluate(json, "s3:GetObject", "arn:aws:s3:::finance/x"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "s3:GetObject", "arn:aws:s3:::hr/x"));
    }

    [Fact]
    public void Explicit_deny_overrides_allow_in_the_same_and_other_policies()
    {
        var allow = PolicyDocument.Parse(Statement("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}"""));
        var deny = PolicyDocument.Parse(Statement("""{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}"""));
        var request = new PolicyRequest { Action = "s3:DeleteObject", Resource = "arn:aws:s3:::b/k" };
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([allow, deny], request));
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate([allow, deny], request with { Action = "s3:GetObject" }));
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate([], request));
    }

    private static readonly Principal Bob = new() { Kind = PrincipalKind.User, AccountId = "111122223333", Arn = "arn:aws:iam::111122223333:user/bob", UserId = "AIDABOB", Name = "bob" };
    private static readonly Principal Session = new()
    {
        Kind = PrincipalKind.AssumedRole,
        AccountId = "111122223333",
        Arn = "arn:aws:sts::111122223333:assumed-role/reader/s1",
        UserId = "AROAREADER:s1",
        RoleArn = "arn:aws:iam::111122223333:role/reader",
        RoleName = "reader",
        Name = "s1",
    };

    private static PrincipalMatch Named(string principal, Principal caller)
    {
        var json = $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{{{principal}}},"Action":"s3:GetObject","Resource":"*"}}""";
        return PolicyDocument.Parse(json).EvaluateAsResourcePolicy(new PolicyRequest { Action = "s3:GetObject", Resource = "arn:aws:s3:::b/k", Caller = caller }).AllowedAs;
    }

    [Fact]
    public void Principal_forms()
    {
        Assert.Equal(PrincipalMatch.Direct, Named("\"*\"", Bob));
        Assert.Equal(PrincipalMatch.Direct, Named("""{"AWS":"*"}""", Principal.Anonymous));
        Assert.Equal(PrincipalMatch.Direct, Named("\"*\"", Principal.Anonymous));
        Assert.Equal(PrincipalMatch.Direct, Named("""{"AWS":"arn:aws:iam::111122223333:user/bob"}""", Bob));
        Assert.Equal(PrincipalMatch.None, Named("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Bob));
        Assert.Equal(PrincipalMatch.Account, Named("""{"AWS":"111122223333"}""", Bob));
        Assert.Equal(PrincipalMatch.Account, Named("""{"AWS":"arn:aws:iam::111122223333:root"}""", Session));
        Assert.Equal(PrincipalMatch.None, Named("""{"AWS":"444455556666"}""", Bob));
        Assert.Equal(PrincipalMatch.Role, Named("""{"AWS":"arn:aws:iam::111122223333:role/reader"}""", Session));
        Assert.Equal(PrincipalMatch.Direct, Named("""{"AWS":"arn:aws:sts::111122223333:assumed-role/reader/s1"}""", Session));
        Assert.Equal(PrincipalMatch.None, Named("""{"AWS":"arn:aws:sts::111122223333:assumed-role/reader/s2"}""", Session));
        Assert.Equal(PrincipalMatch.None, Named("""{"Service":"ec2.amazonaws.com"}""", Bob));
        Assert.Equal(PrincipalMatch.None, Named("""{"AWS":"111122223333"}""", Principal.Anonymous));
    }

    [Fact]
    public void Federated_principal_matches_the_provider()
    {
        const string provider = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";
        var webIdentity = Principal.Anonymous with { FederatedProvider = provider };
        Assert.Equal(PrincipalMatch.Direct, Named($$"""{"Federated":"{{provider}}"}""", webIdentity));
        Assert.Equal(PrincipalMatch.None, Named("""{"Federated":"arn:aws:iam::111122223333:oidc-provider/other"}""", webIdentity));
        Assert.Equal(PrincipalMatch.None, Named($$"""{"Federated":"{{provider}}"}""", Principal.Anonymous));
    }

    [Fact]
    public void NotPrincipal_with_deny_spares_only_fully_listed_principals()
    {
        // The doc's example lists the session ARN, the role ARN and the account; leaving out the account denies the session.
        static PolicyDecision Deny(string notPrincipal, Principal caller) =>
            PolicyDocument.Parse($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":{{{notPrincipal}}}},"Action":"s3:*","Resource":"*"}}""")
                .EvaluateAsResourcePolicy(new PolicyRequest { Action = "s3:GetObject", Resource = "arn:aws:s3:::b/k", Caller = caller }).Decision;
        const string all = """["arn:aws:sts::111122223333:assumed-role/reader/s1","arn:aws:iam::111122223333:role/reader","arn:aws:iam::111122223333:root"]""";
        Assert.Equal(PolicyDecision.ImplicitDeny, Deny(all, Session));
        Assert.Equal(PolicyDecision.ExplicitDeny, Deny("""["arn:aws:sts::111122223333:assumed-role/reader/s1","arn:aws:iam::111122223333:role/reader"]""", Session));
        Assert.Equal(PolicyDecision.ExplicitDeny, Deny(all, Bob));
        Assert.Equal(PolicyDecision.ImplicitDeny, Deny("""["arn:aws:iam::111122223333:user/bob","111122223333"]""", Bob));
    }

    [Fact]
    public void Identity_evaluation_ignores_principal_and_resource_evaluation_needs_it()
    {
        var doc = PolicyDocument.Parse(Statement("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}"""));
        var request = new PolicyRequest { Action = "s3:GetObject", Resource = "*", Caller = Bob };
        Assert.Equal(PolicyDecision.Allow, doc.Evaluate(request));
        Assert.Equal(PolicyDecision.ImplicitDeny, doc.EvaluateAsResourcePolicy(request).Decision);
    }

    [Fact]
    public void Evaluation_cache_returns_the_same_document_and_tolerates_bad_json()
    {
        const string json = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""";
        Assert.Same(PolicyDocument.ForEvaluation(json), PolicyDocument.ForEvaluation(json));
        Assert.Empty(PolicyDocument.ForEvaluation("{not json").Statements);
    }
}

using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.AuthorizerWorld;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Every decision explains itself: the statements that allowed or denied, the failed condition, or that nothing matched.</summary>
public sealed class AuthorizerExplanationTests
{
    private const string Bucket = "arn:aws:s3:::argo-artifacts/report.txt";

    [Fact]
    public void An_allow_names_the_managed_policy_and_statement_that_granted()
    {
        using var world = new AuthorizerWorld();
        var arn = world.Managed(A, "read", """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        var result = world.Ask(world.User(A, "alice", attached: [arn]), "s3:GetObject", Bucket);

        var explanation = result.Explain();
        Assert.Equal(AuthorizationDecision.Allow, explanation.Decision);
        Assert.Equal("identity-based policy", explanation.DecidedBy);
        var finding = Assert.Single(explanation.Statements);
        Assert.Equal((arn, "Read", StatementOutcome.Allowed), (finding.Policy, finding.Statement, finding.Outcome));
        Assert.Contains(arn, explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_deny_names_the_denying_statement_and_the_wire_message_stays_AWSs()
    {
        using var world = new AuthorizerWorld();
        var user = world.User(A, "bob", inline:
        [
            IdentityPolicy("Allow", "s3:*"),
            """{"Version":"2012-10-17","Statement":[{"Sid":"NoArtifacts","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::argo-artifacts/*"}]}""",
        ]);
        var result = world.Ask(user, "s3:GetObject", Bucket);

        Assert.Equal($"User: {user.Arn} is not authorized to perform: s3:GetObject on resource: {Bucket} with an explicit deny in an identity-based policy", result.Message);
        var explanation = result.Explain();
        Assert.Equal(AuthorizationDecision.ExplicitDeny, explanation.Decision);
        var deny = Assert.Single(explanation.Statements, s => s.Outcome == StatementOutcome.Denied);
        Assert.Equal(("p1", "NoArtifacts"), (deny.Policy, deny.Statement));
        Assert.Contains("NoArtifacts", explanation.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("NoArtifacts", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_condition_is_shown_with_key_operator_expected_and_actual()
    {
        using var world = new AuthorizerWorld();
        var user = world.User(A, "carol", inline:
            ["""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"argo"}}}]}"""],
            tags: new Dictionary<string, string> { ["team"] = "terria" });
        var result = world.Ask(user, "s3:GetObject", Bucket);

        Assert.False(result.Allowed);
        var explanation = result.Explain();
        Assert.Equal(AuthorizationDecision.ImplicitDeny, explanation.Decision);
        var finding = Assert.Single(explanation.Statements);
        Assert.Equal(("p0", "Statement[0]", StatementOutcome.ConditionFailed), (finding.Policy, finding.Statement, finding.Outcome));
        Assert.Equal("aws:PrincipalTag/team", finding.Condition!.Key);
        Assert.Equal("StringEquals", finding.Condition.Operator);
        Assert.Equal(["argo"], finding.Condition.Expected);
        Assert.Equal(["terria"], finding.Condition.Actual);
        Assert.Contains("expected [argo] but the request had [terria]", explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void No_matching_statement_is_an_implicit_deny_that_says_so_and_notes_the_near_miss()
    {
        using var world = new AuthorizerWorld();
        var role = world.Session(A, "terria", inline: [IdentityPolicy("Allow", "s3:GetObject", "arn:aws:s3:::terria-data/*")]);
        var result = world.Ask(role, "s3:GetObject", Bucket);

        var explanation = result.Explain();
        Assert.Equal(AuthorizationDecision.ImplicitDeny, explanation.Decision);
        Assert.Equal("identity-based policy", explanation.DecidedBy);
        Assert.Equal(StatementOutcome.ResourceNotMatched, Assert.Single(explanation.Statements).Outcome);
        Assert.StartsWith("Implicitly denied s3:GetObject on arn:aws:s3:::argo-artifacts/report.txt: no statement in the identity-based policy allows it",
            explanation.Summary, StringComparison.Ordinal);

        var nothing = world.Ask(role, "s3:PutObject", Bucket).Explain();
        Assert.Empty(nothing.Statements);
        Assert.EndsWith("allows it.", nothing.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_permissions_boundary_that_decides_is_named()
    {
        using var world = new AuthorizerWorld();
        var boundary = world.Managed(A, "boundary", IdentityPolicy("Allow", "sqs:*"));
        var result = world.Ask(world.User(A, "dave", inline: [IdentityPolicy("Allow", "s3:*")], boundary: boundary), "s3:GetObject", Bucket);

        Assert.False(result.Allowed);
        Assert.Equal("permissions boundary", result.Explain().DecidedBy);
    }

    [Fact]
    public void A_resource_policy_that_denies_is_named_with_its_statement()
    {
        using var world = new AuthorizerWorld();
        var user = world.User(A, "erin", inline: [IdentityPolicy("Allow", "s3:*")]);
        var policy = new ResourcePolicy("""{"Version":"2012-10-17","Statement":[{"Sid":"Lock","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}""");
        var explanation = world.Ask(user, "s3:GetObject", Bucket, policy).Explain();

        Assert.Equal(("resource-based policy", AuthorizationDecision.ExplicitDeny), (explanation.DecidedBy, explanation.Decision));
        var deny = Assert.Single(explanation.Statements, s => s.Outcome == StatementOutcome.Denied);
        Assert.Equal(("resource-based policy", "Lock"), (deny.Source, deny.Statement));
    }

    [Fact]
    public void An_external_id_is_never_shown()
    {
        using var world = new AuthorizerWorld();
        var caller = world.User(B, "frank", inline: [IdentityPolicy("Allow", "sts:AssumeRole")]);
        var trust = new ResourcePolicy(Trust($$"""{"AWS":"arn:aws:iam::{{B}}:root"}""", condition: """{"StringEquals":{"sts:ExternalId":"expected-id"}}"""), ResourcePolicyKind.TrustPolicy);
        var result = world.Ask(caller, "sts:AssumeRole", $"arn:aws:iam::{A}:role/target", trust, resourceAccount: A, keys: "sts:ExternalId=s3cr3t-external");

        Assert.False(result.Allowed);
        var finding = Assert.Single(result.Explain().Statements, s => s.Outcome == StatementOutcome.ConditionFailed);
        Assert.Equal("trust policy", finding.Source);
        Assert.Equal(["(redacted)"], finding.Condition!.Actual);
        Assert.DoesNotContain("s3cr3t-external", System.Text.Json.JsonSerializer.Serialize(result.Explain()), StringComparison.Ordinal);
    }
}

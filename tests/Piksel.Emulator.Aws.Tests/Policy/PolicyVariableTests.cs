using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.PolicyTestKit;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Policy variables and tags, after "IAM policy elements: Variables and tags" in the IAM User Guide.</summary>
public sealed class PolicyVariableTests
{
    private static string HomeFolder(string version) => $$$"""
        {"Version":"{{{version}}}","Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
         "Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*"}}
        """;

    [Theory]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/marymajor/notes.txt", PolicyDecision.Allow)]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/marymajor/deep/a/b", PolicyDecision.Allow)]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/richard/notes.txt", PolicyDecision.ImplicitDeny)]
    public void Username_variable_in_a_resource(string resource, PolicyDecision expected) =>
        Assert.Equal(expected, Evaluate(HomeFolder("2012-10-17"), "s3:GetObject", resource, "aws:username=marymajor"));

    [Fact]
    public void Variable_without_a_value_matches_nothing()
    {
        // A role session has no aws:username: the statement does not apply.
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(HomeFolder("2012-10-17"), "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/marymajor/x"));
    }

    [Fact]
    public void Version_2008_takes_variables_literally()
    {
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(HomeFolder("2008-10-17"), "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/marymajor/x", "aws:username=marymajor"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(HomeFolder("2008-10-17"), "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/x", "aws:username=marymajor"));
    }

    [Fact]
    public void Missing_version_takes_variables_literally()
    {
        const string json = """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}""";
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(json, "s3:GetObject", "arn:aws:s3:::b/bob/x", "aws:username=bob"));
    }

    [Theory]
    // The doc's default-value example: ${aws:PrincipalTag/team, 'company-wide'}.
    [InlineData("aws:PrincipalTag/team=blue", "s3:ExistingObjectTag/team=blue", true)]
    [InlineData("aws:PrincipalTag/team=blue", "s3:ExistingObjectTag/team=company-wide", false)]
    [InlineData("aws:PrincipalTag/other=x", "s3:ExistingObjectTag/team=company-wide", true)]
    [InlineData("aws:PrincipalTag/other=x", "s3:ExistingObjectTag/team=blue", false)]
    public void Default_value_when_the_key_is_missing(string principalTag, string objectTag, bool holds) =>
        Assert.Equal(holds, ConditionHolds("""{"StringEquals":{"s3:ExistingObjectTag/team":"${aws:PrincipalTag/team, 'company-wide'}"}}""", principalTag, objectTag));

    [Fact]
    public void Unresolved_variable_fails_string_operators_and_satisfies_negated_ones()
    {
        Assert.False(ConditionHolds("""{"StringEquals":{"s3:prefix":"${aws:username}"}}""", "s3:prefix=bob"));
        Assert.True(ConditionHolds("""{"StringNotEquals":{"s3:prefix":"${aws:username}"}}""", "s3:prefix=bob"));
    }

    [Fact]
    public void Variables_work_in_StringLike_and_Arn_operators()
    {
        // The doc's ListBucket example: s3:prefix in ("", home/, home/${aws:username}/).
        const string prefixes = """{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}""";
        Assert.True(ConditionHolds(prefixes, "s3:prefix=home/alice/photos", "aws:username=alice"));
        Assert.False(ConditionHolds(prefixes, "s3:prefix=home/bob/photos", "aws:username=alice"));
        Assert.True(ConditionHolds("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}""",
            "aws:SourceArn=arn:aws:sns:us-east-1:123456789012:t", "aws:PrincipalAccount=123456789012"));
    }

    [Fact]
    public void Variables_are_literal_in_numeric_operators()
    {
        Assert.False(ConditionHolds("""{"NumericEquals":{"s3:max-keys":"${aws:PrincipalTag/limit}"}}""", "s3:max-keys=5", "aws:PrincipalTag/limit=5"));
    }

    [Theory]
    // ${*}, ${?} and ${$} stand for the literal characters.
    [InlineData("arn:aws:s3:::b/${*}file", "arn:aws:s3:::b/*file", true)]
    [InlineData("arn:aws:s3:::b/${*}file", "arn:aws:s3:::b/xfile", false)]
    [InlineData("arn:aws:s3:::b/what${?}", "arn:aws:s3:::b/what?", true)]
    [InlineData("arn:aws:s3:::b/what${?}", "arn:aws:s3:::b/whatx", false)]
    [InlineData("arn:aws:s3:::b/${$}HOME", "arn:aws:s3:::b/$HOME", true)]
    public void Escapes(string pattern, string resource, bool allowed)
    {
        var json = $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"{{{pattern}}}"}}""";
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, Evaluate(json, "s3:GetObject", resource));
    }

    [Fact]
    public void Principal_tag_variable_in_a_resource()
    {
        const string json = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}/*"}}""";
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:blue/db-AbCdEf", "aws:PrincipalTag/team=blue"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(json, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:red/db-AbCdEf", "aws:PrincipalTag/team=blue"));
    }

    [Fact]
    public void A_substituted_value_is_not_a_wildcard()
    {
        const string json = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/dir}/x"}}""";
        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(json, "s3:GetObject", "arn:aws:s3:::b/anything/x", "aws:PrincipalTag/dir=*"));
    }
}

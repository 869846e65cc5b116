using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>IAM's policy grammar and the MalformedPolicyDocument sentences it answers with.</summary>
public sealed class PolicyParserTests
{
    [Fact]
    public void Parses_every_element()
    {
        var doc = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Id":"doc-1","Statement":[
              {"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
               "Condition":{"StringLike":{"s3:prefix":"home/*"},"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}},
              {"Sid":"B","Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::b"}]}
            """);
        Assert.Equal("2012-10-17", doc.Version);
        Assert.Equal("doc-1", doc.Id);
        Assert.True(doc.SupportsVariables);
        Assert.Equal(2, doc.Statements.Count);
        Assert.Equal(PolicyEffect.Deny, doc.Statements[1].Effect);
        Assert.Equal(["s3:getobject", "s3:listbucket"], doc.Statements[0].Actions!);
    }

    [Fact]
    public void Statement_may_be_a_single_object_and_Version_may_be_absent()
    {
        var doc = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        Assert.Null(doc.Version);
        Assert.False(doc.SupportsVariables);
        Assert.Single(doc.Statements);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""")]
    [InlineData("""{"Version":"2010-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Extra":1,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Colour":"red"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Action":"*","Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Permit","Action":"*","Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":5,"Resource":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":"x"}}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Robot":"x"},"Action":"*","Resource":"*"}}""")]
    public void Shape_errors_are_syntax_errors(string json)
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(json));
        Assert.Equal("Syntax errors in policy.", error.Message);
        Assert.Equal(PolicyParseError.Syntax, error.Error);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}""", "Policy statement must contain actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""", "Policy statement must contain actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}""", "Policy statement must contain resources.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}""", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}}""", "Actions/Condition can contain only one colon.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s 3:GetObject","Resource":"*"}}""", "Vendor s 3 is not valid")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket"}}""", "Resource bucket must be in ARN format or \"*\".")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s*:::b"}}""", "Resource vendor must be fully qualified and cannot contain regexes.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"x","Effect":"Deny","Action":"s3:*","Resource":"*"}]}""", "Statement IDs (SID) in a single policy must be unique.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}""", "The policy failed legacy parsing")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}""", "Policy document should not specify a principal.")]
    public void Identity_policy_errors(string json, string message) =>
        Assert.Equal(message, Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(json, PolicyUsage.Identity)).Message);

    [Fact]
    public void Managed_policies_need_the_current_version()
    {
        const string old = """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""";
        Assert.Equal("Policy document must be version 2012-10-17 or greater.",
            Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(old, PolicyUsage.ManagedPolicy)).Message);
        Assert.Single(PolicyDocument.Parse(old, PolicyUsage.Identity).Statements);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}""", "Missing required field Principal")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}}""", "Has prohibited field Resource")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}}""", "AssumeRole policy may only specify STS AssumeRole actions.")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"sts:AssumeRole"}}""", "Invalid principal in policy: \"AWS\":\"bob\"")]
    public void Trust_policy_errors(string json, string message) =>
        Assert.Equal(message, Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(json, PolicyUsage.Trust)).Message);

    [Fact]
    public void Trust_policy_of_IRSA_parses()
    {
        var doc = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
              "Action":"sts:AssumeRoleWithWebIdentity",
              "Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:default:my-sa",
                                          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud":"sts.amazonaws.com"}}}]}
            """, PolicyUsage.Trust);
        Assert.True(doc.Statements[0].HasPrincipal);
    }

    [Fact]
    public void Resource_policies_need_a_principal()
    {
        Assert.Equal("Missing required field Principal", Assert.Throws<PolicyParseException>(() =>
            PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""", PolicyUsage.Resource)).Message);
        var doc = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""", PolicyUsage.Resource);
        Assert.Single(doc.Statements);
    }

    [Fact]
    public void Grammar_only_parse_accepts_trust_and_identity_shapes()
    {
        Assert.Single(PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}""").Statements);
        Assert.Single(PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""").Statements);
    }
}

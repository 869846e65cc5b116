using Piksel.Platform.Policies;

namespace Piksel.Platform.Tests.Policies;

public sealed class PolicyDocumentTests
{
    [Fact]
    public void Writes_canonical_json_with_single_values_as_strings_and_conditions_grouped_by_operator()
    {
        var policy = new PolicyDocumentBuilder()
            .Allow(s => s.Sid("Read").Actions("s3:GetObject").Resources("arn:aws:s3:::b/*"))
            .Deny(s => s.Principal(PolicyPrincipal.Anyone).Actions("s3:*").Resources("arn:aws:s3:::b", "arn:aws:s3:::b/*")
                .Bool("aws:SecureTransport", false)
                .StringEquals("aws:PrincipalAccount", "111111111111"))
            .Build();

        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}]}""",
            policy.ToJson());
    }

    [Fact]
    public void Parses_what_aws_returns_in_either_shape_back_to_the_same_canonical_json()
    {
        var stored = """
            { "Statement": { "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::1:oidc-provider/x" },
              "Action": ["sts:AssumeRoleWithWebIdentity"],
              "Condition": { "StringEquals": { "x:aud": ["sts.amazonaws.com"] }, "Bool": { "aws:MultiFactorAuthPresent": true } } },
              "Version": "2012-10-17" }
            """;
        var built = new PolicyDocumentBuilder()
            .Allow(s => s.Principal(PolicyPrincipal.Federated("arn:aws:iam::1:oidc-provider/x")).Actions("sts:AssumeRoleWithWebIdentity")
                .StringEquals("x:aud", "sts.amazonaws.com").Bool("aws:MultiFactorAuthPresent", true))
            .Build();

        Assert.Equal(built.ToJson(), PolicyDocument.Parse(stored).ToJson());
    }

    [Fact]
    public void Round_trips_principals_of_several_types()
    {
        var policy = new PolicyDocumentBuilder()
            .Allow(s => s.Principal(new PolicyPrincipal
            {
                ByType = [new("AWS", ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]), new("Service", ["eks.amazonaws.com"])],
            }).Actions("sts:AssumeRole"))
            .Build();

        var parsed = PolicyDocument.Parse(policy.ToJson());

        Assert.Equal(policy.ToJson(), parsed.ToJson());
        Assert.Equal(["arn:aws:iam::1:root", "arn:aws:iam::2:root"], parsed.Statements[0].Principal!.Get("AWS"));
    }

    [Theory]
    [InlineData("GetObject")]
    [InlineData("s3 GetObject")]
    [InlineData("s3:Get Object")]
    public void Refuses_an_action_not_of_the_form_service_action(string action)
    {
        var error = Assert.Throws<ArgumentException>(() => new PolicyDocumentBuilder().Allow(s => s.Actions(action)));

        Assert.Contains("is not of the form service:Action", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_resource_that_is_not_an_arn_and_a_statement_without_actions()
    {
        Assert.Throws<ArgumentException>(() => new PolicyDocumentBuilder().Allow(s => s.Actions("s3:GetObject").Resources("my-bucket")));
        Assert.Throws<InvalidOperationException>(() => new PolicyDocumentBuilder().Allow(s => s.Resources("*")));
        Assert.Throws<InvalidOperationException>(() => new PolicyDocumentBuilder().Build());
        Assert.Throws<ArgumentException>(() => new PolicyDocumentBuilder().Allow(s => s.Sid("not-alnum")));
    }

    [Fact]
    public void Map_rewrites_every_string_including_condition_keys()
    {
        var policy = new PolicyDocumentBuilder()
            .Allow(s => s.Principal(PolicyPrincipal.Federated("P")).Actions("sts:AssumeRoleWithWebIdentity").StringEquals("H:sub", "S"))
            .Build();

        var mapped = policy.Map(text => text.Replace("H", "host", StringComparison.Ordinal).Replace("P", "arn:aws:iam::1:oidc-provider/host", StringComparison.Ordinal));

        Assert.Contains("\"host:sub\":\"S\"", mapped.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"Federated\":\"arn:aws:iam::1:oidc-provider/host\"", mapped.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ap-southeast-3", "aws")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    public void Arns_follow_the_region_partition(string region, string partition)
    {
        Assert.Equal(partition, Arns.Partition(region));
        Assert.Equal($"arn:{partition}:s3:::b/*", Arns.S3Objects(Arns.Partition(region), "b"));
    }
}

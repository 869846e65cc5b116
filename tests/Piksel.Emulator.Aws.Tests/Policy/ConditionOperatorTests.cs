using static Piksel.Emulator.Aws.Tests.Policy.PolicyTestKit;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>
/// The condition operators of the IAM User Guide ("IAM JSON policy elements: Condition operators"), with the
/// examples that page gives and the outcomes it documents.
/// </summary>
public sealed class ConditionOperatorTests
{
    [Theory]
    // StringEquals: exact and case-sensitive; the doc's aws:PrincipalTag/job-category = iamuser-admin example.
    [InlineData("""{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=iamuser-admin", true)]
    [InlineData("""{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=IAMUser-Admin", false)]
    [InlineData("""{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}""", "aws:PrincipalTag/other=iamuser-admin", false)]
    // Condition key names are case-insensitive.
    [InlineData("""{"StringEquals":{"AWS:PRINCIPALTAG/JOB-CATEGORY":"iamuser-admin"}}""", "aws:PrincipalTag/job-category=iamuser-admin", true)]
    // StringNotEquals: true when the key is missing; several values AND together.
    [InlineData("""{"StringNotEquals":{"aws:PrincipalTag/dept":["hr","legal"]}}""", "aws:PrincipalTag/dept=finance", true)]
    [InlineData("""{"StringNotEquals":{"aws:PrincipalTag/dept":["hr","legal"]}}""", "aws:PrincipalTag/dept=legal", false)]
    [InlineData("""{"StringNotEquals":{"aws:PrincipalTag/dept":["hr","legal"]}}""", "aws:username=bob", true)]
    [InlineData("""{"StringEqualsIgnoreCase":{"aws:PrincipalTag/job-category":"IAMUser-Admin"}}""", "aws:PrincipalTag/job-category=iamuser-admin", true)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/job-category":"IAMUser-Admin"}}""", "aws:PrincipalTag/job-category=iamuser-admin", false)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/job-category":"IAMUser-Admin"}}""", "aws:PrincipalTag/job-category=developer", true)]
    // StringLike: * and ? wildcards, case-sensitive; a '*' in StringEquals is a plain character.
    [InlineData("""{"StringLike":{"s3:prefix":["","home/","home/*"]}}""", "s3:prefix=home/alice/docs", true)]
    [InlineData("""{"StringLike":{"s3:prefix":["","home/","home/*"]}}""", "s3:prefix=", false)]
    [InlineData("""{"StringLike":{"s3:prefix":["","home/","home/*"]}}""", "s3:prefix=tmp/", false)]
    [InlineData("""{"StringLike":{"ec2:InstanceType":"t?.micro"}}""", "ec2:InstanceType=t3.micro", true)]
    [InlineData("""{"StringLike":{"ec2:InstanceType":"t?.micro"}}""", "ec2:InstanceType=t3a.micro", false)]
    [InlineData("""{"StringLike":{"ec2:InstanceType":"T*"}}""", "ec2:InstanceType=t3.micro", false)]
    [InlineData("""{"StringEquals":{"ec2:InstanceType":"t*"}}""", "ec2:InstanceType=t3.micro", false)]
    [InlineData("""{"StringEquals":{"ec2:InstanceType":"t*"}}""", "ec2:InstanceType=t*", true)]
    [InlineData("""{"StringNotLike":{"s3:prefix":"private/*"}}""", "s3:prefix=private/x", false)]
    [InlineData("""{"StringNotLike":{"s3:prefix":"private/*"}}""", "s3:prefix=public/x", true)]
    public void String_operators(string condition, string key, bool holds) => Assert.Equal(holds, ConditionHolds(condition, key));

    [Theory]
    // The doc's s3:max-keys example: NumericLessThanEquals 10.
    [InlineData("NumericLessThanEquals", "10", "10", true)]
    [InlineData("NumericLessThanEquals", "10", "11", false)]
    [InlineData("NumericLessThan", "10", "10", false)]
    [InlineData("NumericLessThan", "10", "9.5", true)]
    [InlineData("NumericEquals", "10", "10.0", true)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericNotEquals", "10", "10", false)]
    [InlineData("NumericGreaterThan", "10", "11", true)]
    [InlineData("NumericGreaterThan", "10", "10", false)]
    [InlineData("NumericGreaterThanEquals", "10", "10", true)]
    [InlineData("NumericEquals", "10", "ten", false)]
    public void Numeric_operators(string op, string policy, string request, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"s3:max-keys":"{{{policy}}}"}}""", $"s3:max-keys={request}"));

    [Theory]
    // The doc's aws:TokenIssueTime example; ISO 8601 and epoch seconds compare as the same instants.
    [InlineData("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:02Z", true)]
    [InlineData("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:01Z", false)]
    [InlineData("DateGreaterThanEquals", "2020-01-01T00:00:01Z", "2020-01-01T00:00:01Z", true)]
    [InlineData("DateLessThan", "2020-01-01T00:00:01Z", "2019-12-31T23:59:59Z", true)]
    [InlineData("DateLessThanEquals", "2020-01-01", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateEquals", "1577836800", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateNotEquals", "1577836800", "2020-01-01T00:00:00Z", false)]
    [InlineData("DateNotEquals", "1577836800", "2021-01-01T00:00:00Z", true)]
    [InlineData("DateLessThan", "2020-01-01T01:00:00+01:00", "2019-12-31T23:59:59Z", true)]
    public void Date_operators(string op, string policy, string request, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:TokenIssueTime":"{{{policy}}}"}}""", $"aws:TokenIssueTime={request}"));

    [Theory]
    [InlineData("""{"Bool":{"aws:SecureTransport":"false"}}""", "aws:SecureTransport=false", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"false"}}""", "aws:SecureTransport=true", false)]
    [InlineData("""{"Bool":{"aws:SecureTransport":false}}""", "aws:SecureTransport=false", true)]
    [InlineData("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""", "aws:SecureTransport=true", false)]
    [InlineData("""{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}""", "aws:SecureTransport=true", true)]
    // BinaryEquals compares the base64-encoded bytes (the doc's QmluYXJ5VmFsdWVJbkJhc2U2NA== example).
    [InlineData("""{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", "key=QmluYXJ5VmFsdWVJbkJhc2U2NA==", true)]
    [InlineData("""{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", "key=T3RoZXJWYWx1ZQ==", false)]
    public void Bool_and_binary_operators(string condition, string key, bool holds) => Assert.Equal(holds, ConditionHolds(condition, key));

    [Theory]
    // The doc's IPv4 and mixed IPv4/IPv6 examples.
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "203.0.113.77", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "203.0.114.1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}""", "2001:db8:1234:5678::99", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}""", "2001:db8:1234:5679::1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.5"}}""", "203.0.113.5", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""", "10.1.2.3", true)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}""", "198.51.100.1", true)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}""", "192.0.2.9", false)]
    public void Ip_operators(string condition, string ip, bool holds) => Assert.Equal(holds, ConditionHolds(condition, $"aws:SourceIp={ip}"));

    [Theory]
    // The doc's SNS topic example; ArnEquals and ArnLike both match each of the six parts with wildcards.
    [InlineData("ArnEquals", "arn:aws:sns:us-east-1:123456789012:TOPIC-ID", "arn:aws:sns:us-east-1:123456789012:TOPIC-ID", true)]
    [InlineData("ArnLike", "arn:aws:sns:*:123456789012:TOPIC-*", "arn:aws:sns:eu-west-1:123456789012:TOPIC-42", true)]
    [InlineData("ArnEquals", "arn:aws:sns:*:123456789012:TOPIC-*", "arn:aws:sns:eu-west-1:123456789012:TOPIC-42", true)]
    [InlineData("ArnLike", "arn:aws:sns:*:123456789012:TOPIC-*", "arn:aws:sns:eu-west-1:999999999999:TOPIC-42", false)]
    [InlineData("ArnLike", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true)]
    [InlineData("ArnLike", "arn:aws:iam::*", "arn:aws:iam::123456789012:role/r", false)]
    [InlineData("ArnNotEquals", "arn:aws:sns:*:123456789012:TOPIC-*", "arn:aws:sns:eu-west-1:123456789012:TOPIC-42", false)]
    [InlineData("ArnNotLike", "arn:aws:sns:*:123456789012:TOPIC-*", "arn:aws:sns:eu-west-1:999999999999:TOPIC-42", true)]
    public void Arn_operators(string op, string policy, string request, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceArn":"{{{policy}}}"}}""", $"aws:SourceArn={request}"));

    [Theory]
    // Null "true": the key is absent (the doc's aws:TokenIssueTime example of long-term credentials).
    [InlineData("true", false, true)]
    [InlineData("true", true, false)]
    [InlineData("false", true, true)]
    [InlineData("false", false, false)]
    public void Null_tests_presence(string policy, bool present, bool holds) =>
        Assert.Equal(holds, present
            ? ConditionHolds($$$"""{"Null":{"aws:TokenIssueTime":"{{{policy}}}"}}""", "aws:TokenIssueTime=2020-01-01T00:00:00Z")
            : ConditionHolds($$$"""{"Null":{"aws:TokenIssueTime":"{{{policy}}}"}}"""));

    [Theory]
    // Missing keys: positive operators fail, negated operators and ...IfExists hold.
    [InlineData("StringEquals", false)]
    [InlineData("StringLike", false)]
    [InlineData("NumericLessThan", false)]
    [InlineData("DateGreaterThan", false)]
    [InlineData("IpAddress", false)]
    [InlineData("ArnLike", false)]
    [InlineData("Bool", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("NotIpAddress", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("NumericNotEquals", true)]
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("NumericLessThanIfExists", true)]
    [InlineData("IpAddressIfExists", true)]
    public void Missing_key_rules(string op, bool holds) =>
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"ec2:InstanceType":"1"}}"""));

    [Fact]
    public void IfExists_still_tests_a_present_key()
    {
        // The doc's ec2:InstanceType example: StringLikeIfExists t1.*, t2.*, m3.*.
        const string condition = """{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}""";
        Assert.True(ConditionHolds(condition, "ec2:InstanceType=t2.micro"));
        Assert.False(ConditionHolds(condition, "ec2:InstanceType=c5.large"));
        Assert.True(ConditionHolds(condition));
    }

    [Fact]
    public void Keys_under_one_operator_AND_and_values_OR()
    {
        // The doc's example: department in (finance, hr, legal) AND role in (audit, security).
        const string condition = """{"StringEquals":{"aws:PrincipalTag/department":["finance","hr","legal"],"aws:PrincipalTag/role":["audit","security"]}}""";
        Assert.True(ConditionHolds(condition, "aws:PrincipalTag/department=hr", "aws:PrincipalTag/role=security"));
        Assert.False(ConditionHolds(condition, "aws:PrincipalTag/department=hr", "aws:PrincipalTag/role=developer"));
        Assert.False(ConditionHolds(condition, "aws:PrincipalTag/role=audit"));
    }

    [Fact]
    public void Operators_AND_together()
    {
        // A time window: DateGreaterThan and DateLessThan on aws:CurrentTime.
        const string condition = """{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2020-06-30T23:59:59Z"}}""";
        Assert.True(ConditionHolds(condition, "aws:CurrentTime=2020-05-15T12:00:00Z"));
        Assert.False(ConditionHolds(condition, "aws:CurrentTime=2020-07-01T00:00:00Z"));
        Assert.False(ConditionHolds(condition, "aws:CurrentTime=2020-03-31T00:00:00Z"));
    }
}

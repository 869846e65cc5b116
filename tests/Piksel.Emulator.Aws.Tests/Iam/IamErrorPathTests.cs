using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Iam;

/// <summary>
/// IAM's error paths: bad names (control characters once answered 500 with an empty body), bad numbers, markers,
/// tags and policy documents (a lone surrogate, nesting, not an object) answer IAM's ValidationError or
/// MalformedPolicyDocument in the awsQuery shape.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class IamErrorPathTests(EmulatorFixture fixture)
{
    private const string Trust = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

    private static ErrorPathCase Signed(string form, string? code = null, int? status = null) => new(RawRequest.Query(form), "iam", code, status);

    private static string Policy(string json) => Uri.EscapeDataString(json);

    private static readonly Dictionary<string, ErrorPathCase> Table = new()
    {
        ["control character in RoleName"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=a%01b&AssumeRolePolicyDocument={Trust}", "ValidationError", 400),
        ["control character in GetRole"] = Signed("Action=GetRole&Version=2010-05-08&RoleName=%1F", "ValidationError", 400),
        ["invalid UTF-8 in UserName"] = Signed("Action=CreateUser&Version=2010-05-08&UserName=%ED%A0%80", "ValidationError", 400),
        ["bad percent-encoding"] = Signed("Action=GetUser&Version=2010-05-08&UserName=%zz%", "ValidationError", 400),
        ["control character in Path"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=p&Path=/a%07/&AssumeRolePolicyDocument={Trust}", "ValidationError", 400),
        ["control character in Description"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=d&Description=x%00y&AssumeRolePolicyDocument={Trust}", "ValidationError", 400),
        ["control character in a tag"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=t&Tags.member.1.Key=k%02&Tags.member.1.Value=v&AssumeRolePolicyDocument={Trust}", "ValidationError", 400),
        ["trust naming a role that does not exist"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=ghost-trust&AssumeRolePolicyDocument={Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/no-such-role"},"Action":"sts:AssumeRole"}]}""")}", "MalformedPolicyDocument", 400),
        ["trust naming a user that does not exist"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=ghost-trust&AssumeRolePolicyDocument={Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:root","arn:aws:iam::000000000000:user/no-such-user"]},"Action":"sts:AssumeRole"}]}""")}", "MalformedPolicyDocument", 400),
        ["MaxItems not a number"] = Signed("Action=ListRoles&Version=2010-05-08&MaxItems=abc", "ValidationError", 400),
        ["MaxItems beyond 32 bits"] = Signed("Action=ListRoles&Version=2010-05-08&MaxItems=99999999999", "ValidationError", 400),
        ["Marker not base64"] = Signed("Action=ListRoles&Version=2010-05-08&Marker=%01%02", "ValidationError", 400),
        ["lone surrogate in a policy"] = Signed($"Action=CreatePolicy&Version=2010-05-08&PolicyName=x&PolicyDocument={Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"\ud800","Resource":"*"}]}""")}", "MalformedPolicyDocument", 400),
        ["lone surrogate in a policy key"] = Signed($"Action=CreatePolicy&Version=2010-05-08&PolicyName=x&PolicyDocument={Policy("""{"Version":"2012-10-17","\udc00":1}""")}", "MalformedPolicyDocument", 400),
        ["policy nested too deep"] = Signed($"Action=CreatePolicy&Version=2010-05-08&PolicyName=x&PolicyDocument={Policy(new string('[', 200) + new string(']', 200))}", "MalformedPolicyDocument", 400),
        ["policy that is a number"] = Signed($"Action=CreatePolicy&Version=2010-05-08&PolicyName=x&PolicyDocument=5", "MalformedPolicyDocument", 400),
        ["policy that is not JSON"] = Signed($"Action=PutRolePolicy&Version=2010-05-08&RoleName=nobody&PolicyName=x&PolicyDocument=%7B%22Version", "MalformedPolicyDocument", 400),
        ["policy with a control character"] = Signed($"Action=CreatePolicy&Version=2010-05-08&PolicyName=x&PolicyDocument={Policy("{\"Version\":\"2012-10-17\u0001\"}")}", "MalformedPolicyDocument", 400),
        ["trust policy with a wrong type"] = Signed($"Action=CreateRole&Version=2010-05-08&RoleName=w&AssumeRolePolicyDocument={Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":5},"Action":"sts:AssumeRole"}]}""")}", "MalformedPolicyDocument", 400),
        ["unknown action"] = Signed("Action=NoSuchThing&Version=2010-05-08", "InvalidAction", 400),
        ["unknown action with a control character"] = Signed("Action=No%01Such&Version=2010-05-08", "InvalidAction", 400),
        ["no action"] = Signed("Version=2010-05-08", "MissingAction", 400),
        ["no body"] = Signed("", "MissingAction", 400),
        ["unsigned"] = new(RawRequest.Query("Action=ListRoles&Version=2010-05-08"), null, "MissingAuthenticationToken", 403),
        ["unsigned with a control character"] = new(RawRequest.Query("Action=GetRole&Version=2010-05-08&RoleName=%01"), null, "MissingAuthenticationToken", 403),
    };

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Query);

    [Fact]
    public async Task A_control_character_is_echoed_escaped_in_IAMs_pattern_sentence()
    {
        var response = await ErrorPaths.AssertAsync(fixture, Table, "control character in RoleName", AwsProtocol.Query);
        Assert.Equal(@"1 validation error detected: Value 'a\u0001b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+",
            ErrorShape.Message(response, AwsProtocol.Query));
    }
}

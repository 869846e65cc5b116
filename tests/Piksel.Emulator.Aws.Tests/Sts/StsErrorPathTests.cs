using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>
/// STS's error paths, signed and unsigned (AssumeRoleWithWebIdentity needs no signature): bad session names, numbers,
/// session policies and tokens answer ValidationError, MalformedPolicyDocument or InvalidIdentityToken in the awsQuery
/// shape, never a 5xx. A role that does not exist is AccessDenied before its duration or token is looked at, so those
/// cases pin no code.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class StsErrorPathTests(EmulatorFixture fixture)
{
    private const string Role = "RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fnobody";

    private static ErrorPathCase Signed(string form, string? code = null, int? status = null) => new(RawRequest.Query(form), "sts", code, status);

    private static ErrorPathCase Unsigned(string form, string? code = null, int? status = null) => new(RawRequest.Query(form), null, code, status);

    private static readonly Dictionary<string, ErrorPathCase> Table = new()
    {
        ["control character in RoleSessionName"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=a%01", "ValidationError", 400),
        ["DurationSeconds not a number"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&DurationSeconds=abc", null, null),
        ["DurationSeconds beyond 32 bits"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&DurationSeconds=1e99", null, null),
        ["control character in ExternalId"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&ExternalId=%02", "ValidationError", 400),
        ["control character in a session tag"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&Tags.member.1.Key=%03&Tags.member.1.Value=v", "ValidationError", 400),
        ["lone surrogate in a session policy"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&Policy={Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"\udbff","Resource":"*"}]}""")}", "MalformedPolicyDocument", 400),
        ["session policy that is an array"] = Signed($"Action=AssumeRole&Version=2011-06-15&{Role}&RoleSessionName=ss&Policy=%5B%5D", "MalformedPolicyDocument", 400),
        ["RoleArn that is no ARN"] = Signed("Action=AssumeRole&Version=2011-06-15&RoleArn=%01&RoleSessionName=ss", null, null),
        ["control character in GetAccessKeyInfo"] = Signed("Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId=%01", null, null),
        ["unknown action"] = Signed("Action=Nope&Version=2011-06-15", "InvalidAction", 400),
        ["no action"] = Signed("Version=2011-06-15", "MissingAction", 400),
        ["unsigned GetCallerIdentity"] = Unsigned("Action=GetCallerIdentity&Version=2011-06-15", "MissingAuthenticationToken", 403),
        ["unsigned web identity with a garbage token"] = Unsigned($"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&{Role}&RoleSessionName=ss&WebIdentityToken=%01%02%03abcdef", null, null),
        ["unsigned web identity with a control character in the session name"] = Unsigned($"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&{Role}&RoleSessionName=%01&WebIdentityToken=abcdefgh", "ValidationError", 400),
        ["unsigned web identity with a JWT of bad JSON"] = Unsigned($"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&{Role}&RoleSessionName=ss&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.eyJ%2Fmm.c2ln", null, null),
        ["unsigned web identity with a JWT with a lone surrogate"] = Unsigned($"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&{Role}&RoleSessionName=ss&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.{Base64Url("""{"iss":"\ud800"}""")}.c2ln", null, null),
    };

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Query);

    [Theory]
    [InlineData("%01%02%03abcdef")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJ%2Fmm.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJcdWQ4MDAifQ.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJcdWRjMDAiOjF9.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.W10.c2ln")]
    public async Task A_token_that_is_no_JWT_is_InvalidIdentityToken_for_a_role_that_exists(string token)
    {
        var role = StsSeed.Role(fixture.Emulator, "errpath-webid", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"*"},"Action":"sts:AssumeRoleWithWebIdentity"}]}""");
        var table = new Dictionary<string, ErrorPathCase>
        {
            ["token"] = Unsigned($"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={Uri.EscapeDataString(role.Arn)}&RoleSessionName=ss&WebIdentityToken={token}", "InvalidIdentityToken", 400),
        };
        await ErrorPaths.AssertAsync(fixture, table, "token", AwsProtocol.Query);
    }

    private static string Base64Url(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

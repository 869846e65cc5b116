using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>
/// Secrets Manager's error paths: bodies Coral cannot read (invalid UTF-8 and lone surrogates once answered 500) and
/// members of the wrong JSON type answer SerializationException; bad values ValidationException or
/// InvalidParameterException; all 400 with <c>__type</c>.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecretsManagerErrorPathTests(EmulatorFixture fixture)
{
    private static ErrorPathCase Call(string operation, string body, string? code = null) =>
        new(RawRequest.Json($"secretsmanager.{operation}", body), "secretsmanager", code, 400);

    private static readonly Dictionary<string, ErrorPathCase> Table = JsonErrorPaths.Common("secretsmanager", "secretsmanager", "CreateSecret").With(new()
    {
        ["Name a number"] = Call("CreateSecret", """{"Name":5}""", "SerializationException"),
        ["SecretId a structure"] = Call("GetSecretValue", """{"SecretId":{}}""", "SerializationException"),
        ["SecretString a list"] = Call("CreateSecret", """{"Name":"n","SecretString":[]}""", "SerializationException"),
        ["Tags a string"] = Call("CreateSecret", """{"Name":"n","Tags":"x"}""", "SerializationException"),
        ["Tags of numbers"] = Call("CreateSecret", """{"Name":"n","Tags":[5]}""", "SerializationException"),
        ["tag Key a number"] = Call("TagResource", """{"SecretId":"n","Tags":[{"Key":5,"Value":"v"}]}""", "SerializationException"),
        ["TagKeys of structures"] = Call("UntagResource", """{"SecretId":"n","TagKeys":[{}]}""", "SerializationException"),
        ["Filters a number"] = Call("ListSecrets", """{"Filters":5}""", "SerializationException"),
        ["filter Key a number"] = Call("ListSecrets", """{"Filters":[{"Key":5,"Values":["x"]}]}""", "SerializationException"),
        ["filter Values of lists"] = Call("ListSecrets", """{"Filters":[{"Key":"name","Values":[[]]}]}""", "SerializationException"),
        ["MaxResults a string"] = Call("ListSecrets", """{"MaxResults":"10"}""", "SerializationException"),
        ["MaxResults beyond 64 bits"] = Call("ListSecrets", """{"MaxResults":1e400}""", "SerializationException"),
        ["MaxResults beyond 32 bits"] = Call("ListSecrets", """{"MaxResults":99999999999}""", "ValidationException"),
        ["MaxResults that folds to 1 in 32 bits"] = Call("ListSecrets", """{"MaxResults":4294967297}""", "ValidationException"),
        ["NextToken of garbage"] = Call("ListSecrets", """{"NextToken":"\u0001\u0002"}""", "InvalidParameterException"),
        ["VersionStages of numbers"] = Call("PutSecretValue", """{"SecretId":"n","SecretString":"s","VersionStages":[1]}""", "SerializationException"),
        ["RecoveryWindowInDays a string"] = Call("DeleteSecret", """{"SecretId":"n","RecoveryWindowInDays":"x"}""", "SerializationException"),
        ["ForceDeleteWithoutRecovery a string"] = Call("DeleteSecret", """{"SecretId":"n","ForceDeleteWithoutRecovery":"yes"}""", "SerializationException"),
        ["PasswordLength beyond 32 bits"] = Call("GetRandomPassword", """{"PasswordLength":99999999999}""", null),
        ["PasswordLength a boolean"] = Call("GetRandomPassword", """{"PasswordLength":true}""", "SerializationException"),
        ["control characters in a name"] = Call("CreateSecret", """{"Name":"a\u0001b","SecretString":"s"}""", null),
        ["SecretBinary not base64"] = Call("CreateSecret", """{"Name":"bin","SecretBinary":"!!"}""", "InvalidParameterException"),
        ["resource policy with a lone surrogate"] = Call("PutResourcePolicy", """{"SecretId":"n","ResourcePolicy":"{\"\\ud800\":1}"}""", null),
        ["empty body"] = new(RawRequest.Json("secretsmanager.CreateSecret", ""), "secretsmanager", "ValidationException", 400),
    });

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Json11);
}

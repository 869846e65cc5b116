using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Kms;

/// <summary>KMS's error paths: unreadable bodies and wrong member types answer SerializationException, bad policies MalformedPolicyDocumentException.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class KmsErrorPathTests(EmulatorFixture fixture)
{
    private static ErrorPathCase Call(string operation, string body, string? code = null) =>
        new(RawRequest.Json($"TrentService.{operation}", body), "kms", code, 400);

    private static readonly Dictionary<string, ErrorPathCase> Table = JsonErrorPaths.Common("TrentService", "kms", "CreateKey").With(new()
    {
        ["KeyId a number"] = Call("DescribeKey", """{"KeyId":5}""", "SerializationException"),
        ["KeyId with control characters"] = Call("DescribeKey", """{"KeyId":"\u0001"}""", null),
        ["Plaintext not base64"] = Call("Encrypt", """{"KeyId":"alias/none","Plaintext":"!!"}""", null),
        ["CiphertextBlob not base64"] = Call("Decrypt", """{"CiphertextBlob":"%%"}""", null),
        ["CiphertextBlob of garbage"] = Call("Decrypt", """{"CiphertextBlob":"AAAA"}""", null),
        ["EncryptionContext a list"] = Call("Encrypt", """{"KeyId":"alias/none","Plaintext":"AA==","EncryptionContext":[]}""", null),
        ["EncryptionContext of numbers"] = Call("Encrypt", """{"KeyId":"alias/none","Plaintext":"AA==","EncryptionContext":{"a":5}}""", null),
        ["Tags of strings"] = Call("CreateKey", """{"Tags":["x"]}""", "SerializationException"),
        ["TagKeys of numbers"] = Call("UntagResource", """{"KeyId":"alias/none","TagKeys":[1]}""", null),
        ["Limit a string"] = Call("ListKeys", """{"Limit":"5"}""", "SerializationException"),
        ["Limit beyond 32 bits"] = Call("ListKeys", """{"Limit":99999999999}""", "ValidationException"),
        ["Marker of garbage"] = Call("ListKeys", """{"Marker":"\u0001"}""", null),
        ["policy with a lone surrogate"] = Call("CreateKey", """{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"\\ud800\",\"Resource\":\"*\"}]}"}""", "MalformedPolicyDocumentException"),
        ["policy nested too deep"] = Call("CreateKey", "{\"Policy\":\"" + new string('[', 100) + new string(']', 100) + "\"}", "MalformedPolicyDocumentException"),
        ["policy that is a string"] = Call("CreateKey", """{"Policy":"\"x\""}""", "MalformedPolicyDocumentException"),
        ["BypassPolicyLockoutSafetyCheck a string"] = Call("CreateKey", """{"BypassPolicyLockoutSafetyCheck":"true"}""", "SerializationException"),
        ["PendingWindowInDays a structure"] = Call("ScheduleKeyDeletion", """{"KeyId":"alias/none","PendingWindowInDays":{}}""", "SerializationException"),
        ["NumberOfBytes beyond 32 bits"] = Call("GenerateDataKey", """{"KeyId":"alias/none","NumberOfBytes":99999999999}""", null),
        ["AliasName with control characters"] = Call("CreateAlias", """{"AliasName":"alias/\u0001","TargetKeyId":"x"}""", null),
    });

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Json11);
}

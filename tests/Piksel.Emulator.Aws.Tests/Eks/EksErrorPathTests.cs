using System.Text;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// EKS's error paths (restJson1: the code in x-amzn-ErrorType and the body): bodies Coral cannot read and members of
/// the wrong type answer SerializationException, bad values InvalidParameterException, unknown paths
/// UnknownOperationException, all with their real statuses and never a 5xx.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class EksErrorPathTests(EmulatorFixture fixture)
{
    private static ErrorPathCase Call(string method, string path, string? body = null, string? code = null, int? status = 400) =>
        Bytes(method, path, body is null ? [] : Encoding.UTF8.GetBytes(body), code, status);

    private static ErrorPathCase Bytes(string method, string path, byte[] body, string? code = null, int? status = 400) => new(new RawRequest
    {
        Method = method,
        PathAndQuery = path,
        Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        Body = body,
    }, "eks", code, status);

    private static readonly Dictionary<string, ErrorPathCase> Table = new()
    {
        ["invalid UTF-8"] = Bytes("POST", "/clusters", [.. "{\"name\":\""u8, 0xFF, .. "\"}"u8], "SerializationException"),
        ["lone surrogate"] = Call("POST", "/clusters", """{"name":"\ud800"}""", "SerializationException"),
        ["nesting deeper than 64"] = Call("POST", "/clusters", "{\"tags\":" + new string('[', 100) + new string(']', 100) + "}", "SerializationException"),
        ["not JSON"] = Call("POST", "/clusters", "{\"name\"", "SerializationException"),
        ["an array"] = Call("POST", "/clusters", "[]", "SerializationException"),
        ["name a number"] = Call("POST", "/clusters", """{"name":5}""", "SerializationException"),
        ["name with a control character"] = Call("POST", "/clusters", """{"name":"a\u0001","roleArn":"arn:aws:iam::000000000000:role/r","resourcesVpcConfig":{}}""", null),
        ["subnetIds of numbers"] = Call("POST", "/clusters", """{"name":"c","roleArn":"arn:aws:iam::000000000000:role/r","resourcesVpcConfig":{"subnetIds":[5]}}""", "InvalidParameterException"),
        ["logging types of numbers"] = Call("POST", "/clusters", """{"name":"c","roleArn":"arn:aws:iam::000000000000:role/r","resourcesVpcConfig":{},"logging":{"clusterLogging":[{"types":[1],"enabled":true}]}}""", null),
        ["tags a list"] = Call("POST", "/clusters", """{"name":"c","tags":[]}""", null),
        ["encryption resources of numbers"] = Call("POST", "/clusters", """{"name":"c","roleArn":"arn:aws:iam::000000000000:role/r","resourcesVpcConfig":{},"encryptionConfig":[{"resources":[1]}]}""", null),
        ["maxResults not a number"] = Call("GET", "/clusters?maxResults=abc", null, "InvalidParameterException"),
        ["nextToken beyond 32 bits"] = Call("GET", $"/clusters?nextToken={Uri.EscapeDataString(Convert.ToBase64String("99999999999"u8.ToArray()))}", null, "InvalidParameterException"),
        ["nextToken of garbage"] = Call("GET", "/clusters?nextToken=%01%02", null, "InvalidParameterException"),
        ["cluster name with a control character"] = Call("GET", "/clusters/%01", null, "ResourceNotFoundException", 404),
        ["principalArn a number"] = Call("POST", "/clusters/none/access-entries", """{"principalArn":5}""", "SerializationException"),
        ["kubernetesGroups of numbers"] = Call("POST", "/clusters/none/access-entries", """{"principalArn":"arn:aws:iam::000000000000:role/r","kubernetesGroups":[1]}""", null, null),
        ["access scope type a number"] = Call("POST", "/clusters/none/access-entries/arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr/access-policies", """{"policyArn":"p","accessScope":{"type":5}}""", null, null),
        ["access scope namespaces of numbers"] = Call("POST", "/clusters/none/access-entries/arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr/access-policies", """{"policyArn":"p","accessScope":{"type":"namespace","namespaces":[1]}}""", null, null),
        ["tags of numbers"] = Call("POST", "/tags/arn%3Aaws%3Aeks%3Aus-east-1%3A000000000000%3Acluster%2Fnone", """{"tags":{"k":1}}""", null, null),
        ["unknown path"] = Call("GET", "/nothing/here", null, "UnknownOperationException", 404),
        ["unknown method"] = Call("PATCH", "/clusters", null, "UnknownOperationException", 404),
    };

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.RestJson);
}

using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>
/// CloudWatch Logs' error paths. An unsigned Logs call (X-Amz-Target: Logs_20140328.*) once went to S3 and answered
/// 405; it is Logs' own MissingAuthenticationTokenException now.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class LogsErrorPathTests(EmulatorFixture fixture)
{
    private static ErrorPathCase Call(string operation, string body, string? code = null) =>
        new(RawRequest.Json($"Logs_20140328.{operation}", body), "logs", code, 400);

    private static readonly Dictionary<string, ErrorPathCase> Table = JsonErrorPaths.Common("Logs_20140328", "logs", "CreateLogGroup").With(new()
    {
        ["logGroupName a number"] = Call("CreateLogGroup", """{"logGroupName":5}""", "SerializationException"),
        ["logGroupName with a control character"] = Call("CreateLogGroup", """{"logGroupName":"a\u0001"}""", "InvalidParameterException"),
        ["tags a list"] = Call("CreateLogGroup", """{"logGroupName":"/t","tags":[]}""", null),
        ["tag value a number"] = Call("CreateLogGroup", """{"logGroupName":"/t","tags":{"k":5}}""", null),
        ["limit a string"] = Call("DescribeLogGroups", """{"limit":"x"}""", "SerializationException"),
        ["limit beyond 64 bits"] = Call("DescribeLogGroups", """{"limit":1e300}""", "SerializationException"),
        ["nextToken of garbage"] = Call("DescribeLogGroups", """{"nextToken":"\u0001"}""", "InvalidParameterException"),
        ["logEvents a string"] = Call("PutLogEvents", """{"logGroupName":"/g","logStreamName":"s","logEvents":"x"}""", null),
        ["logEvents of numbers"] = Call("PutLogEvents", """{"logGroupName":"/g","logStreamName":"s","logEvents":[5]}""", null),
        ["timestamp a string"] = Call("PutLogEvents", """{"logGroupName":"/g","logStreamName":"s","logEvents":[{"timestamp":"x","message":"m"}]}""", "SerializationException"),
        ["message a number"] = Call("PutLogEvents", """{"logGroupName":"/g","logStreamName":"s","logEvents":[{"timestamp":1,"message":5}]}""", "SerializationException"),
        ["logStreamNames of numbers"] = Call("FilterLogEvents", """{"logGroupName":"/g","logStreamNames":[5]}""", "SerializationException"),
        ["startTime a boolean"] = Call("FilterLogEvents", """{"logGroupName":"/g","startTime":true}""", "SerializationException"),
        ["retentionInDays that folds to 1 in 32 bits"] = Call("PutRetentionPolicy", """{"logGroupName":"/g","retentionInDays":4294967297}""", "InvalidParameterException"),
        ["retentionInDays a string"] = Call("PutRetentionPolicy", """{"logGroupName":"/g","retentionInDays":"7"}""", "SerializationException"),
        ["logGroupIdentifier an odd ARN"] = Call("GetLogEvents", """{"logGroupIdentifier":"arn:\u0001","logStreamName":"s"}""", null),
    });

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Json11);
}

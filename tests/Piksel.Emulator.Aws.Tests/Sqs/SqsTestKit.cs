using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Sqs;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>SqsClients against an emulator and queue names unique to a run.</summary>
internal static class SqsTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static SqsClient Client(EmulatorFixture fixture, AWSCredentials? credentials = null) =>
        Client(new Uri(fixture.ServiceUrl), credentials ?? fixture.RootCredentials);

    public static SqsClient Client(Uri endpoint, AWSCredentials credentials) =>
        new(new AwsClientOptions { ServiceUrl = endpoint, Region = "us-east-1", Credentials = credentials, MaxAttempts = 1 });

    /// <summary>A queue name unique to this run: <c>&lt;what&gt;-&lt;guid&gt;</c>.</summary>
    public static string Queue(string what) => $"{what}-{Guid.NewGuid():N}"[..Math.Min(80, what.Length + 33)];

    public static string ArnOf(string queueUrl) => $"arn:aws:sqs:us-east-1:{queueUrl.Split('/')[^2]}:{queueUrl.Split('/')[^1]}";

    public static async Task<AwsApiException> Fails(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AwsApiException>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}

using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Logs;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>LogsClients against an emulator and unique group names.</summary>
internal static class LogsTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static LogsClient Client(EmulatorFixture fixture, AWSCredentials? credentials = null, string region = "us-east-1") =>
        Client(new Uri(fixture.ServiceUrl), credentials ?? fixture.RootCredentials, region);

    public static LogsClient Client(Uri endpoint, AWSCredentials credentials, string region = "us-east-1") =>
        new(new AwsClientOptions { ServiceUrl = endpoint, Region = region, Credentials = credentials });

    /// <summary>A group name unique to this run: <c>/test/&lt;what&gt;/&lt;guid&gt;</c>.</summary>
    public static string Group(string what) => $"/test/{what}/{Guid.NewGuid():N}";

    public static async Task<AwsApiException> Fails(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AwsApiException>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}

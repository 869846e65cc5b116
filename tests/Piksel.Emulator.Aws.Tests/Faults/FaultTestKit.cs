using System.Net;
using System.Text;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Faults;
using Piksel.Platform.Aws.Http;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>Emulators with faults, clients pointed at them, and the chaos API: each fault test starts its own emulator, so its rules touch no other test.</summary>
internal static class FaultTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static AWSCredentials Root { get; } = new BasicAWSCredentials("test", "test");

    public static Task<AwsEmulator> StartAsync(FaultOptions? faults = null, TimeProvider? time = null) =>
        AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, Faults = faults ?? FaultOptions.None, TimeProvider = time ?? TimeProvider.System }, cancellationToken: Ct);

    /// <summary>An SDK config at the emulator; <paramref name="retries"/> is the SDK's own MaxErrorRetry.</summary>
    public static T Config<T>(AwsEmulator emulator, string region = "us-east-1", int retries = 0)
        where T : ClientConfig, new()
    {
        var config = new T { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = retries };
        if (config is Amazon.S3.AmazonS3Config s3) s3.ForcePathStyle = true;
        return config;
    }

    /// <summary>Options for the project's own signed clients (IAM, Secrets Manager, EKS, Logs); <paramref name="attempts"/> 1 shows each answer as it is.</summary>
    public static AwsClientOptions Options(AwsEmulator emulator, AWSCredentials? credentials = null, string region = "us-east-1", int attempts = 1) =>
        new() { ServiceUrl = emulator.Endpoint, Credentials = credentials ?? Root, Region = region, MaxAttempts = attempts };

    /// <summary>Calls the chaos API and answers the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> ChaosAsync(AwsEmulator emulator, HttpMethod method, string path, string? json = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(emulator.Endpoint, ChaosEndpoint.Path.TrimStart('/') + path));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Replaces the rules through the chaos API, as a user would.</summary>
    public static async Task SetRulesAsync(AwsEmulator emulator, string json)
    {
        var (status, body) = await ChaosAsync(emulator, HttpMethod.Post, "/faults", json);
        Assert.True(status == HttpStatusCode.OK, body);
    }

    /// <summary>The wire code and status of the AWS error <paramref name="call"/> fails with, whichever client made it.</summary>
    public static async Task<(string Code, HttpStatusCode Status, string Message)> ErrorOf(Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(call);
        return error switch
        {
            AwsApiException api => (api.ErrorCode, api.StatusCode, api.ErrorMessage),
            AmazonServiceException sdk => (sdk.ErrorCode, sdk.StatusCode, sdk.Message),
            _ => throw new Xunit.Sdk.XunitException($"Expected an AWS error, got {error}"),
        };
    }
}

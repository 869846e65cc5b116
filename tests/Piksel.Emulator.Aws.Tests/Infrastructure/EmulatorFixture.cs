using Amazon.Runtime;
using Piksel.Emulator.Aws;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

/// <summary>One in-process emulator (port 0) shared by a test collection; tests isolate by the names they use.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    /// <summary>A second account, for cross-account tests.</summary>
    public static readonly AccountOptions Second = new("111111111111", "second", "second-secret");

    public AwsEmulator Emulator { get; private set; } = null!;

    /// <summary>Root credentials of account 000000000000.</summary>
    public AWSCredentials RootCredentials { get; } = new BasicAWSCredentials("test", "test");

    /// <summary>Root credentials of <see cref="Second"/>.</summary>
    public AWSCredentials SecondRootCredentials { get; } = new BasicAWSCredentials(Second.AccessKeyId, Second.SecretAccessKey);

    public string ServiceUrl => Emulator.Endpoint.ToString().TrimEnd('/');

    public async ValueTask InitializeAsync() =>
        Emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, Accounts = [AccountOptions.Default, Second] });

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>An SDK client config pointed at the emulator (region via AuthenticationRegion: RegionEndpoint would override ServiceURL).</summary>
    public T Config<T>(string region = "us-east-1") where T : ClientConfig, new()
    {
        var config = new T { ServiceURL = ServiceUrl, AuthenticationRegion = region, MaxErrorRetry = 0 };
        if (config is Amazon.S3.AmazonS3Config s3) s3.ForcePathStyle = true;
        return config;
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "aws-emulator";
}

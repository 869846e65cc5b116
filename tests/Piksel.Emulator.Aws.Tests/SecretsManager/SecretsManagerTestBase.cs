using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>Clients and unique names for the Secrets Manager tests.</summary>
public abstract class SecretsManagerTestBase(EmulatorFixture fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected EmulatorFixture Fixture { get; } = fixture;

    protected SecretsManagerClient Client(string region = "us-east-1") =>
        new(new AwsClientOptions { ServiceUrl = new Uri(Fixture.ServiceUrl), Region = region, Credentials = Fixture.RootCredentials });

    protected SecretsManagerClient SecondClient() =>
        new(new AwsClientOptions { ServiceUrl = new Uri(Fixture.ServiceUrl), Credentials = Fixture.SecondRootCredentials });

    protected string Name(string what) => $"{GetType().Name}/{what}-{Guid.NewGuid():N}";

    protected static async Task<AwsApiException> Error(Func<Task> call) => await Assert.ThrowsAsync<AwsApiException>(call);
}

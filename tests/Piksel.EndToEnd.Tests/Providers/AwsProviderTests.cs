using Amazon.Runtime;
using Piksel.Emulator.Aws;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Aws;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.EndToEnd.Tests.Providers;

/// <summary>The aws provider's start against the emulator impersonating dev, its hub and a foreign account.</summary>
public sealed class AwsProviderTests : IAsyncLifetime
{
    private const string Dev = "236122835646";
    private const string Hub = "686410905891";
    private const string Foreign = "111122223333";
    private AwsEmulator emulator = null!;
    private (string KeyId, string Secret) deployer;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            Accounts = [AccountOptions.Default, new(Dev, "dev-key", "dev-secret"), new(Hub, "hub-key", "hub-secret"), new(Foreign, "foreign-key", "foreign-secret")],
        });
        using var devIam = Iam("dev-key", "dev-secret");
        await devIam.CreateUserAsync(new CreateUserRequest { UserName = "deployer" }, Ct);
        // Cross-account: the hub's trust policy and the caller's own policy must both allow it.
        await devIam.PutUserPolicyAsync("deployer", "assume", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""", Ct);
        var key = await devIam.CreateAccessKeyAsync("deployer", Ct);
        deployer = (key.AccessKeyId, key.SecretAccessKey);
        using var hubIam = Iam("hub-key", "hub-secret");
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::""" + Dev
            + """:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"piksel-dev"}}}]}""";
        await hubIam.CreateRoleAsync(new CreateRoleRequest { RoleName = "piksel-dev-deployer", AssumeRolePolicyDocument = trust }, Ct);
    }

    public async ValueTask DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task The_environment_s_own_credentials_pass_the_guard_and_reach_the_hub_through_its_role()
    {
        await using var provider = await AwsProvider.CreateAsync(Settings(), Options(deployer.KeyId, deployer.Secret), Ct);

        Assert.Equal($"arn:aws:iam::{Dev}:user/deployer", provider.CallerArn);
        Assert.Equal(ProviderKind.Aws, provider.Kind);
        Assert.Equal(emulator.Endpoint, provider.Aws.ServiceUrl);
        Assert.Equal(deployer.KeyId, (await provider.Aws.GetCredentialsAsync(Dev, Ct)).AccessKeyId);
        var hub = await provider.Aws.GetCredentialsAsync(Hub, Ct);
        Assert.NotNull(hub.SessionToken);
        Assert.NotEqual("hub-key", hub.AccessKeyId);
        // The session is kept until shortly before it expires, not assumed per call.
        Assert.Same(hub, await provider.Aws.GetCredentialsAsync(Hub, Ct));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await provider.Aws.GetCredentialsAsync(Foreign, Ct));
        Assert.Contains($"account {Foreign} was refused", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_account_s_credentials_are_stopped_by_the_guard_naming_both_accounts_and_the_identity()
    {
        var error = await Assert.ThrowsAsync<AccountGuardException>(() => AwsProvider.CreateAsync(Settings(), Options("foreign-key", "foreign-secret"), Ct));

        Assert.Equal(Dev, error.ExpectedAccount);
        Assert.Equal(Foreign, error.CallerAccount);
        Assert.Contains($"account {Dev}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"account {Foreign} (arn:aws:iam::{Foreign}:root)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("foreign-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_hub_role_stops_the_start_with_the_reason()
    {
        var wrongExternalId = Settings() with { HubExternalId = "not-the-one" };
        var error = await Assert.ThrowsAsync<AwsProviderException>(() => AwsProvider.CreateAsync(wrongExternalId, Options(deployer.KeyId, deployer.Secret), Ct));
        Assert.Contains($"hub account {Hub}: sts:AssumeRole of arn:aws:iam::{Hub}:role/piksel-dev-deployer", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);

        var missing = Settings() with { HubRoleArn = $"arn:aws:iam::{Hub}:role/no-such-role" };
        var gone = await Assert.ThrowsAsync<AwsProviderException>(() => AwsProvider.CreateAsync(missing, Options(deployer.KeyId, deployer.Secret), Ct));
        Assert.Contains("no-such-role", gone.Message, StringComparison.Ordinal);

        var none = Settings() with { HubRoleArn = null };
        var unnamed = await Assert.ThrowsAsync<AwsProviderException>(() => AwsProvider.CreateAsync(none, Options(deployer.KeyId, deployer.Secret), Ct));
        Assert.Contains("names no hubRoleArn", unnamed.Message, StringComparison.Ordinal);
    }

    private static EnvironmentSettings Settings() =>
        EnvironmentSettingsLoader.Load(Path.Combine(PlatformFixture.RepositoryRoot(), "env"), "dev");

    private AwsProviderOptions Options(string keyId, string secret) => new()
    {
        Credentials = new BasicAWSCredentials(keyId, secret),
        Variables = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString() }.GetValueOrDefault,
    };

    private IamClient Iam(string keyId, string secret) =>
        new(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = new BasicAWSCredentials(keyId, secret) });
}

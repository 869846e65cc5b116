using Amazon.Runtime;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// AWS clients as the environment's admin (the provider's credentials for an account), and the spec's resources
/// with their references resolved from the apply's outputs: what the end-to-end checks compare AWS against.
/// </summary>
internal static class PlatformClients
{
    /// <summary>env/local.json, as the fixture loads it (for MemberData built before the fixture exists).</summary>
    public static EnvironmentSettings LocalSettings() =>
        EnvironmentSettingsLoader.Load(Path.Combine(PlatformFixture.RepositoryRoot(), "env"), "local");

    /// <summary>The spec of the local environment, as the fixture defines it.</summary>
    public static PlatformSpec LocalSpec() => PikselPlatform.Define(LocalSettings());

    /// <summary>Signed-client options for <paramref name="account"/> with the provider's credentials.</summary>
    public static async Task<AwsClientOptions> OptionsAsync(this IPlatformProvider provider, string account, CancellationToken cancellationToken)
    {
        var credentials = await provider.Aws.GetCredentialsAsync(account, cancellationToken);
        return new AwsClientOptions { Region = provider.Aws.Region, ServiceUrl = provider.Aws.ServiceUrl, Credentials = AwsHandlerContext.ToSdk(credentials) };
    }

    /// <summary>An AWSSDK client config and credentials for <paramref name="account"/>, pointed at the provider's endpoint.</summary>
    public static Task<(AWSCredentials Credentials, T Config)> SdkAsync<T>(this IPlatformProvider provider, string account, CancellationToken cancellationToken)
        where T : ClientConfig, new() =>
        new AwsHandlerContext(provider.Aws, [account]).SdkAsync<T>(account, null, cancellationToken);

    /// <summary>Secrets Manager in <paramref name="account"/> as its admin.</summary>
    public static async Task<SecretsManagerClient> SecretsManagerAsync(this IPlatformProvider provider, string account, CancellationToken cancellationToken) =>
        new(await provider.OptionsAsync(account, cancellationToken));

    /// <summary>IAM in <paramref name="account"/> as its admin.</summary>
    public static async Task<IamClient> IamAsync(this IPlatformProvider provider, string account, CancellationToken cancellationToken) =>
        new(await provider.OptionsAsync(account, cancellationToken));

    /// <summary>Every account the environment spans: its own, the hub's, the public datasets'.</summary>
    public static IReadOnlyList<string> Accounts(this EnvironmentSettings settings) =>
        new[] { settings.Account, settings.HubAccount, settings.PublicDatasetsAccount }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// <paramref name="resource"/> with its output references replaced by what the apply reported. Only attributes
    /// survive the resolution's round trip: read [NotAttribute] members (a secret's ManualInput) from the original.
    /// </summary>
    public static T Resolved<T>(this PlatformFixture fixture, T resource)
        where T : PlatformResource
    {
        var applied = fixture.Applied;
        return TokenResolution.Resolve(resource, reference =>
            applied.ResourceOutputs.TryGetValue(reference.Resource, out var outputs) && outputs.TryGetValue(reference.Output, out var value) ? value : null);
    }

    /// <summary>The ARN the apply reported for <paramref name="resource"/>.</summary>
    public static string ArnOf(this PlatformFixture fixture, PlatformResource resource) =>
        fixture.Applied.ResourceOutputs[resource.Id][AwsResource.ArnOutput];

    /// <summary>
    /// Polls <paramref name="probe"/> until it answers null (done) or <paramref name="deadline"/> passes; returns the last
    /// answer (what was still wrong), or null. Never asserts on elapsed time: the deadline only bounds the wait.
    /// </summary>
    public static async Task<string?> PollAsync(TimeSpan deadline, Func<Task<string?>> probe, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var wrong = await probe();
            if (wrong is null || clock.Elapsed >= deadline)
            {
                return wrong;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}

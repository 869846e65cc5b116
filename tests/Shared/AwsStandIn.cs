using Amazon.Runtime;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Faults;
using Piksel.Hosting.Aws;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Testing;

/// <summary>
/// The <c>aws</c> provider as a user runs it against real accounts, here an in-process emulator impersonating the
/// environment's accounts (each with root keys of its own) and holding what they hold before the first run
/// (<see cref="ImpersonatedAccounts"/>). The provider is the real <see cref="AwsProvider"/>, given the deployer's keys and
/// AWS_ENDPOINT_URL through its options (the process environment is left alone), so its account guard, hub role and
/// standard endpoint settings all run; disposing stops the provider and the emulator.
/// </summary>
public sealed class AwsStandIn : IPlatformProvider, IAsyncDisposable
{
    private AwsStandIn(AwsEmulator emulator, AwsProvider provider, AWSCredentials deployer)
    {
        Emulator = emulator;
        Inner = provider;
        Deployer = deployer;
    }

    /// <summary>The deployer's keys the provider was given (what a user's credential chain would hold).</summary>
    public AWSCredentials Deployer { get; }

    /// <summary>The emulator impersonating the accounts.</summary>
    public AwsEmulator Emulator { get; }

    /// <summary>The provider over it.</summary>
    public AwsProvider Inner { get; }

    /// <inheritdoc />
    public ProviderKind Kind => Inner.Kind;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => Inner.Capabilities;

    /// <inheritdoc />
    public IAwsAccess Aws => Inner.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => Inner.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => Inner.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => Inner.Handlers;

    /// <summary>The root keys each impersonated account is given.</summary>
    public static BasicAWSCredentials RootKeysOf(string account) => new($"root-{account}", $"root-{account}-secret");

    /// <summary>
    /// Starts an emulator impersonating <paramref name="settings"/>' accounts, makes what they already hold, creates the
    /// <c>aws</c> provider with the deployer's keys, and then puts <paramref name="faults"/> in force (an IAM propagation
    /// delay is a rule too).
    /// </summary>
    public static async Task<AwsStandIn> StartAsync(EnvironmentSettings settings, IReadOnlyList<FaultRule> faults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var accounts = new[] { settings.Account, settings.HubAccount }.Distinct(StringComparer.Ordinal);
        var emulator = await AwsEmulator.StartAsync(
            new AwsEmulatorOptions
            {
                Port = 0,
                DefaultRegion = settings.Region,
                Accounts = [.. accounts.Select(a => new AccountOptions(a, RootKeysOf(a).GetCredentials().AccessKey, RootKeysOf(a).GetCredentials().SecretKey))],
            },
            cancellationToken: cancellationToken);
        try
        {
            var deployer = await ImpersonatedAccounts.PrepareAsync(emulator.Endpoint, settings, RootKeysOf, cancellationToken);
            var endpoint = emulator.Endpoint.ToString().TrimEnd('/');
            var provider = await AwsProvider.CreateAsync(
                settings,
                new AwsProviderOptions
                {
                    Credentials = deployer,
                    Variables = name => name == "AWS_ENDPOINT_URL" ? endpoint : null,
                },
                cancellationToken);
            // Faults come once the provider stands: what the accounts held before the run, and the start, are not under test.
            emulator.State.Faults.Replace(faults);
            return new AwsStandIn(emulator, provider, deployer);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the provider and the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

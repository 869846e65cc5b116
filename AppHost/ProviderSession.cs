using Piksel.Hosting.Aws;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Existing;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;

namespace Piksel.AppHost;

/// <summary>What a verb's options say about its provider beyond its kind.</summary>
/// <param name="Profile">With <c>aws</c>: the AWS profile, or null for the standard chain.</param>
/// <param name="Existing">With <c>existing</c>: the endpoint, kubeconfig context and declared capabilities.</param>
internal sealed record ProviderChoice(string? Profile, ExistingProviderOptions? Existing);

/// <summary>
/// The provider a verb runs on, opened for its target and disposed with the session: the embedded emulator (or the
/// running environment's, when <c>dotnet run --project AppHost</c> holds the state), LocalStack's containers, what the
/// user already runs, or the real accounts behind the account guard.
/// </summary>
internal sealed class ProviderSession : IAsyncDisposable
{
    private ProviderSession(IPlatformProvider provider) => Provider = provider;

    /// <summary>The opened provider.</summary>
    public IPlatformProvider Provider { get; }

    /// <summary>Opens <paramref name="target"/>'s provider; throws the provider's own exception when it cannot start.</summary>
    public static async Task<ProviderSession> OpenAsync(EnvironmentTarget target, ProviderChoice choice, CancellationToken cancellationToken)
    {
        var (settings, root) = target;
        var state = Path.Combine(root, "state");
        switch (target.Provider)
        {
            case ProviderKind.Aws:
                var aws = await AwsProvider.CreateAsync(settings, new AwsProviderOptions { Profile = choice.Profile }, cancellationToken);
                Console.Error.WriteLine($"Account guard: {settings.Name} is account {settings.Account}, acting as {aws.CallerArn}.");
                return new ProviderSession(aws);
            case ProviderKind.Existing:
                // What the user runs, and nothing else: no emulator starts.
                return new ProviderSession(await ExistingProvider.ConnectAsync(settings, choice.Existing!, cancellationToken));
            case ProviderKind.LocalStack:
                return new ProviderSession(await LocalStackProvider.StartAsync(settings, state, cancellationToken));
        }

        try
        {
            return new ProviderSession(await EmbeddedProvider.StartAsync(settings, state, cancellationToken));
        }
        catch (EnvironmentInUseException e)
        {
            // `dotnet run --project AppHost` keeps this environment up: work through its endpoint, not its files.
            var endpoint = AwsEnvFile.ReadEndpoint(root)
                ?? throw new EnvironmentInUseException($"{e.Message} It has not written {AwsEnvFile.PathIn(root)} yet; wait for its ready line.", e.OwnerProcessId, e);
            Console.Error.WriteLine($"Using the running environment{(e.OwnerProcessId is { } pid ? $" (process {pid})" : "")} at {endpoint}.");
            return new ProviderSession(new RunningEnvironmentProvider(settings, endpoint));
        }
    }

    /// <summary>Stops what the provider started (emulator, containers) and disposes its clients.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Provider is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

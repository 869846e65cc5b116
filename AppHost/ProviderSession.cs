using Piksel.Hosting.Aws;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Existing;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;

namespace Piksel.AppHost;

/// <summary>What a verb's options say about its provider beyond its kind.</summary>
/// <param name="Profile">With <c>aws</c>: the AWS profile, or null for the standard chain.</param>
/// <param name="Existing">With <c>existing</c>: the endpoint, kubeconfig context and declared capabilities.</param>
internal sealed record ProviderChoice(string? Profile, ExistingProviderOptions? Existing)
{
    /// <summary>
    /// With <c>aws</c>: where <c>AWS_ENDPOINT_URL</c>(<c>_&lt;SERVICE&gt;</c>) and, without <see cref="Profile"/>, the keys
    /// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c> are read. Default null: the process's
    /// environment and the standard credential chain. The Aspire app reads them from its configuration (its environment
    /// variables, or what Aspire.Hosting.Testing gives it), so a test never changes the process's.
    /// </summary>
    public Func<string, string?>? Variables { get; init; }

    /// <summary>The <c>aws</c> provider's options this choice makes.</summary>
    public AwsProviderOptions AwsOptions()
    {
        if (Variables is not { } variables) return new AwsProviderOptions { Profile = Profile };
        // A profile names its own credentials; otherwise keys in the variables come first, as in the SDK's chain.
        var keys = Profile is null && variables("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && variables("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? variables("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new Amazon.Runtime.SessionAWSCredentials(id, secret, token) : new Amazon.Runtime.BasicAWSCredentials(id, secret)
            : (Amazon.Runtime.AWSCredentials?)null;
        return new AwsProviderOptions { Profile = Profile, Variables = variables, Credentials = keys };
    }
}

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
                var aws = await AwsProvider.CreateAsync(settings, choice.AwsOptions(), cancellationToken);
                Console.Error.WriteLine(GuardLine(aws));
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

    /// <summary>The account guard's line for the <c>aws</c> provider: the environment's account and who acts in it.</summary>
    public static string GuardLine(AwsProvider aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return $"Account guard: {aws.Settings.Name} is account {aws.Settings.Account}, acting as {aws.CallerArn}.";
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

using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.Hosting.Embedded;

/// <summary>
/// The <c>embedded</c> provider of an environment another process keeps up (<c>dotnet run --project AppHost</c>):
/// the same handlers and cluster strategy, over that process's emulator endpoint. Its clock is the other process's,
/// so it offers no <see cref="IClockControl"/>.
/// </summary>
public sealed class RunningEnvironmentProvider : IPlatformProvider, IAsyncDisposable
{
    private readonly ProviderParts parts;

    /// <summary>The provider over the emulator at <paramref name="endpoint"/> serving <paramref name="settings"/>.</summary>
    public RunningEnvironmentProvider(EnvironmentSettings settings, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The clusters' API servers run in the other process: a kubeconfig from here authenticates with aws eks get-token.
        parts = EmbeddedProvider.Assemble(endpoint, settings, EmbeddedProvider.AccountsOf(settings), admin: null);
    }

    /// <inheritdoc />
    public ProviderKind Kind => ProviderKind.Embedded;

    /// <inheritdoc />
    /// <remarks>The emulators run in the other process, whose clock this one cannot move.</remarks>
    public ProviderCapabilities Capabilities =>
        EmbeddedProvider.EmbeddedCapabilities & ~(ProviderCapabilities.MovableClock | ProviderCapabilities.InProcessEmulators);

    /// <inheritdoc />
    public IAwsAccess Aws => parts.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => parts.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => parts.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => parts.Handlers;

    /// <summary>Disposes the Kubernetes and AWS clients; the environment keeps running.</summary>
    public ValueTask DisposeAsync()
    {
        parts.Dispose();
        return ValueTask.CompletedTask;
    }
}

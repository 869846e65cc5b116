using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Verification;

/// <summary>
/// The shared platform's provider declaring <paramref name="declared"/> instead of its own capabilities; everything else,
/// its clock control included, is the provider's. What it lacks must be skipped by what it declares, not by what it is.
/// </summary>
internal sealed class DeclaringProvider(IPlatformProvider inner, ProviderCapabilities declared) : IPlatformProvider, IClockControl
{
    /// <inheritdoc />
    public ProviderKind Kind => inner.Kind;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => declared;

    /// <inheritdoc />
    public IAwsAccess Aws => inner.Aws;

    /// <inheritdoc />
    public IClusterStrategy Cluster => inner.Cluster;

    /// <inheritdoc />
    public IDatabaseStrategy Database => inner.Database;

    /// <inheritdoc />
    public ResourceHandlerRegistry Handlers => inner.Handlers;

    /// <inheritdoc />
    public IDisposable Shift(TimeSpan by) =>
        inner is IClockControl clock ? clock.Shift(by) : throw new NotSupportedException("The provider's clock cannot move.");
}

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>What a provider can prove beyond what every provider does; a test that needs one is gated by it.</summary>
[Flags]
public enum PlatformCapability
{
    /// <summary>Nothing beyond what every provider does.</summary>
    None = 0,

    /// <summary>
    /// The provider's clock can be moved (the embedded one's, <see cref="Piksel.Platform.Providers.IClockControl"/>):
    /// what needs time to pass, such as an expired service-account token, is checked at once.
    /// </summary>
    MovableClock = 1,

    /// <summary>
    /// The cluster's API server and the AWS endpoint run in this process (the embedded provider): what the server
    /// itself holds, such as its admin kubeconfig, can be compared with what the provider hands out.
    /// </summary>
    InProcessEmulators = 2,
}

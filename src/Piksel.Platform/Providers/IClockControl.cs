namespace Piksel.Platform.Providers;

/// <summary>
/// A provider whose clock can be moved for a moment (the embedded one). Checks that need time to pass — an expired
/// service-account token: TokenRequest's shortest lifetime is ten minutes — run on such providers only.
/// </summary>
public interface IClockControl
{
    /// <summary>Moves the provider's clock forward by <paramref name="by"/> until the returned scope is disposed.</summary>
    IDisposable Shift(TimeSpan by);
}

using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>A test attribute that says what the test needs of the provider, read again by the fixture when the test runs.</summary>
public interface IPlatformNeeds
{
    /// <summary>The capabilities the test needs beyond what every provider has.</summary>
    ProviderCapabilities Needs { get; }
}

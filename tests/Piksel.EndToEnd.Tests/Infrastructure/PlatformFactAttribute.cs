using System.Runtime.CompilerServices;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A fact on the platform: skipped, with the reason, when <see cref="PlatformTarget.Current"/> is a provider the suite
/// does not run on or lacks what the test needs. Decided when tests are discovered, before any fixture starts; a test
/// that runs and finds the platform broken fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PlatformFactAttribute : FactAttribute, IPlatformNeeds
{
    /// <summary>A fact that needs <paramref name="needs"/> beyond what every provider has.</summary>
    public PlatformFactAttribute(
        ProviderCapabilities needs = ProviderCapabilities.None, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Needs = needs;
        Skip = PlatformTarget.Current.SkipReasonFor(needs);
    }

    /// <summary>The capabilities the test needs beyond what every provider has.</summary>
    public ProviderCapabilities Needs { get; }
}

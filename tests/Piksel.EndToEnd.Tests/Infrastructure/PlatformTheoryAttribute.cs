using System.Runtime.CompilerServices;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A theory on the platform: every row skipped, with the reason, when <see cref="PlatformTarget.Current"/> is a provider
/// the suite does not run on or lacks what the test needs (see <see cref="PlatformFactAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PlatformTheoryAttribute : TheoryAttribute, IPlatformNeeds
{
    /// <summary>A theory that needs <paramref name="needs"/> beyond what every provider has.</summary>
    public PlatformTheoryAttribute(
        ProviderCapabilities needs = ProviderCapabilities.None, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Needs = needs;
        Skip = PlatformTarget.Current.SkipReasonFor(needs);
    }

    /// <summary>The capabilities the test needs beyond what every provider has.</summary>
    public ProviderCapabilities Needs { get; }
}

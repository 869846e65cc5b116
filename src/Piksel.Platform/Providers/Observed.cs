using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>A resource as it actually is, and its outputs.</summary>
public sealed record Observed<TResource>(TResource State, IReadOnlyDictionary<string, string> Outputs)
    where TResource : PlatformResource;

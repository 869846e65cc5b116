using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Engine;

/// <summary>Settings inputs a resource needs (a manual secret's value) and how a missing one is diffed.</summary>
internal static class Inputs
{
    public static IReadOnlyList<string> MissingIn(PlatformResource resource) =>
        resource is SecretsManagerSecret { IsManual: true, Value: null } secret ? [secret.ManualInput!] : [];

    /// <summary>
    /// The desired state to compare with <paramref name="actual"/>: a missing input is taken as the value already
    /// there, so the plan does not promise to erase it (apply refuses to start anyway).
    /// </summary>
    public static PlatformResource ForDiff(PlatformResource desired, PlatformResource actual) =>
        desired is SecretsManagerSecret { IsManual: true, Value: null } secret && actual is SecretsManagerSecret existing
            ? secret with { Value = existing.Value }
            : desired;
}

using Piksel.Platform.Spec;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>A small resource kind for the engine's own tests.</summary>
internal sealed record Widget : AwsResource
{
    public string Size { get; init; } = "small";

    [ForceNew]
    public string Zone { get; init; } = "a";

    [Sensitive]
    public SensitiveString? Secret { get; init; }

    public string? Peer { get; init; }

    public static Widget Named(string name, params ResourceId[] dependsOn) => new()
    {
        Name = name,
        Account = "000000000000",
        Tags = Platform.Definition.PikselTags.For("test"),
        DependsOn = dependsOn,
    };
}

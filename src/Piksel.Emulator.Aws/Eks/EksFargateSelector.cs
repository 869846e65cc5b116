namespace Piksel.Emulator.Aws.Eks;

/// <summary>A Fargate profile selector: the namespace and the labels a pod must all carry.</summary>
public sealed record EksFargateSelector
{
    public required string Namespace { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

// Placeholder implementations until the selector language lands (replace this file).
public sealed partial class LabelSelector
{
    private static partial LabelSelector ParseCore(string text) => Everything;

    public partial bool Matches(IReadOnlyDictionary<string, string> labels) => true;
}

public sealed partial class FieldSelector
{
    private static partial FieldSelector ParseCore(string text, Api.ResourceType type) => Everything;

    public partial bool Matches(StoredObject obj) => true;
}

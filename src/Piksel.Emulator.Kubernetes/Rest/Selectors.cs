using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>A label selector: equality (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>) and set-based (<c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>) requirements, ANDed.</summary>
public sealed partial class LabelSelector
{
    /// <summary>Matches everything.</summary>
    public static LabelSelector Everything { get; } = new();

    /// <summary>Parses the <c>labelSelector</c> query parameter; a malformed one is 400 BadRequest. (Implemented with list semantics.)</summary>
    public static LabelSelector Parse(string? text) => string.IsNullOrWhiteSpace(text) ? Everything : ParseCore(text);

    private static partial LabelSelector ParseCore(string text);

    /// <summary>True when <paramref name="labels"/> satisfy every requirement.</summary>
    public partial bool Matches(IReadOnlyDictionary<string, string> labels);
}

/// <summary>A field selector: <c>metadata.name=x</c>, <c>metadata.namespace!=y</c> and the per-kind fields (pods <c>spec.nodeName</c>, <c>status.phase</c>; secrets <c>type</c>…).</summary>
public sealed partial class FieldSelector
{
    /// <summary>Matches everything.</summary>
    public static FieldSelector Everything { get; } = new();

    /// <summary>Parses the <c>fieldSelector</c> query parameter; unsupported fields are 400 as the real server answers.</summary>
    public static FieldSelector Parse(string? text, Api.ResourceType type) => string.IsNullOrWhiteSpace(text) ? Everything : ParseCore(text, type);

    private static partial FieldSelector ParseCore(string text, Api.ResourceType type);

    /// <summary>True when the object satisfies every requirement.</summary>
    public partial bool Matches(StoredObject obj);
}

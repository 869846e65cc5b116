namespace Piksel.Platform.Spec.Kubernetes;

/// <summary>A taint of a NodePool's nodes.</summary>
/// <param name="Key">The taint's key.</param>
/// <param name="Value">Its value (empty for none).</param>
/// <param name="Effect"><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</param>
public sealed record KarpenterTaint(string Key, string Value, string Effect);

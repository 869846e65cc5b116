namespace Piksel.Platform.Spec.Aws;

/// <summary>A Fargate profile selector: a namespace and labels a pod must all carry (none: every pod of the namespace).</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Labels">Labels the pod must carry.</param>
public sealed record EksFargateSelector(string Namespace, IReadOnlyDictionary<string, string> Labels);

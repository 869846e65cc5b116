namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>A YAML body that cannot be converted, worded as go-yaml words it (<c>yaml: line 3: …</c>).</summary>
public sealed class YamlBodyException(string message) : Exception(message);

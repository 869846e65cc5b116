using System.Text.Json.Serialization;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>The shape the server checks a kind without a model against (a custom resource): apiVersion, kind and metadata; the rest is free.</summary>
internal sealed class Unstructured
{
    /// <summary>apiVersion.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>metadata, typed as every object's.</summary>
    [JsonPropertyName("metadata")]
    public k8s.Models.V1ObjectMeta? Metadata { get; set; }
}

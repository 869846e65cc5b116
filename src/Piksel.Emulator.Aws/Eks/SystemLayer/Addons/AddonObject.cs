using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Addons;

/// <summary>One object an add-on installs, as EKS wants it: its kind, where it lives and the fields EKS manages.</summary>
public sealed record AddonObject(ResourceType Type, string Namespace, string Name, JsonObject Desired)
{
    /// <summary>How a conflict names it (<c>Deployment coredns</c>).</summary>
    public string Label => $"{Type.Kind} {Name}";
}

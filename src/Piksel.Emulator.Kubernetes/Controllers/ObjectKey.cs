using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>Names one object a controller reconciles.</summary>
public sealed record ObjectKey(ResourceType Type, string Namespace, string Name);

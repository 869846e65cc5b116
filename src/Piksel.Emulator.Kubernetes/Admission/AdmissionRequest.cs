using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>An object on its way to storage: mutating plugins change <see cref="Object"/>; validating ones throw <see cref="StatusException"/>.</summary>
/// <param name="User">Who writes: a client, or a controller under its own identity.</param>
public sealed record AdmissionRequest(AdmissionOperation Operation, ResourceType Type, string Namespace, string Name, JsonObject Object, JsonObject? OldObject, UserInfo User, bool DryRun, string? Subresource)
{
    /// <summary>Adds a warning to the answer (an HTTP <c>Warning: 299</c> header a client prints); a controller's write drops it.</summary>
    public Action<string> Warn { get; init; } = _ => { };
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>The operation being admitted.</summary>
public enum AdmissionOperation { Create, Update, Delete }

/// <summary>An object on its way to storage: mutating plugins change <see cref="Object"/>; validating ones throw <see cref="StatusException"/>.</summary>
public sealed record AdmissionRequest(AdmissionOperation Operation, ResourceType Type, string Namespace, string Name, JsonObject Object, JsonObject? OldObject, UserInfo User, bool DryRun, string? Subresource);

/// <summary>An admission plugin (the pod-identity webhook, service-account token volumes, Pod Security…).</summary>
public interface IAdmissionPlugin
{
    /// <summary>True for plugins that change objects; they run before the validating ones.</summary>
    bool Mutating { get; }

    /// <summary>Admits, changes or refuses the request.</summary>
    ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// What the write path needs to know of a write, whether it came over HTTP (<see cref="ApiContext.ToWrite"/>) or from a
/// controller's client: the resource, who writes, and how.
/// </summary>
/// <param name="Namespace">The namespace ("" for cluster-scoped kinds).</param>
/// <param name="Name">The name on the URL (null for a create, which names the object in its body).</param>
/// <param name="User">Who writes: admission plugins see this user.</param>
/// <param name="DryRun">Everything happens but the write.</param>
public sealed record WriteRequest(ResourceType Type, string? Namespace, string? Name, UserInfo User, bool DryRun = false)
{
    /// <summary>
    /// Checks the object against its kind's schema as the request asked (<c>fieldValidation</c>); null for writers that send
    /// typed objects (controllers), whose objects have no fields to drop.
    /// </summary>
    public Action<JsonObject>? ValidateFields { get; init; }

    /// <summary>Where admission's warnings go: the HTTP answer's Warning headers; null for controllers, whose warnings nobody reads.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Cancelled when the writer goes.</summary>
    public CancellationToken CancellationToken { get; init; }
}

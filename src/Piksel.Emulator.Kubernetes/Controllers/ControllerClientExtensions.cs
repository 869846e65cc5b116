using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>The writes controllers make most, in terms of <see cref="IControllerClient"/>.</summary>
public static class ControllerClientExtensions
{
    /// <summary>Writes the status of <paramref name="read"/> (<c>/status</c>): only what <paramref name="change"/> does to the status is kept.</summary>
    public static Task<StoredObject> UpdateStatusAsync(this IControllerClient client, StoredObject read, Action<JsonObject> change, CancellationToken cancellationToken = default) =>
        client.UpdateAsync(read, change, "status", cancellationToken);

    /// <summary>
    /// Creates <paramref name="obj"/> as <paramref name="name"/> unless an object of that name exists; returns the existing
    /// one then. The store is asked first, as a controller asks its cache: admission is not run for what is already there.
    /// </summary>
    public static async Task<StoredObject> CreateIfAbsentAsync(this IControllerClient client, ResourceType type, string ns, string name, JsonObject obj, CancellationToken cancellationToken = default)
    {
        if (client.Get(type, ns, name) is { } present) return present;
        Meta.Of(obj)["name"] = name;
        try
        {
            return await client.CreateAsync(type, ns, obj, cancellationToken);
        }
        catch (StatusException e) when (e.Reason == "AlreadyExists" && client.Get(type, ns, name) is { } existing)
        {
            return existing;
        }
    }
}

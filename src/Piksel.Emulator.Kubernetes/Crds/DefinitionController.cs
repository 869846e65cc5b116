using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// apiextensions-apiserver's controllers for CustomResourceDefinitions: naming and establishing (the kind served in
/// every served version, status conditions), and the finalizer: a deleted CRD's objects are deleted, creates are
/// refused meanwhile, and the kind goes with the CRD.
/// </summary>
internal sealed class DefinitionController(ControllerContext context, Func<IValidationRuleCompiler?> compiler) : ReconcileLoop(context)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.CustomResourceDefinitions];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue) =>
        enqueue(new ObjectKey(BuiltInResources.CustomResourceDefinitions, "", change.Object.Name));

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var crd = Client.Get(BuiltInResources.CustomResourceDefinitions, "", key.Name);
        if (crd is null)
        {
            var dot = key.Name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && Context.Catalog.All.Any(t => t.Custom?.DefinitionName == key.Name))
                Context.Catalog.Unregister(key.Name[(dot + 1)..], key.Name[..dot]);
            return;
        }
        var (definition, errors) = Definition.Read(crd.ToJsonObject(), compiler(), terminating: crd.IsDeleting());
        if (definition is null || errors.Count > 0) return;
        if (crd.IsDeleting())
        {
            await CleanUpAsync(crd, definition, cancellationToken);
            return;
        }
        if (!Rest.Meta.Finalizers(crd.View).Contains(Establishment.CleanupFinalizer))
        {
            crd = await Client.UpdateAsync(crd, o =>
            {
                var finalizers = Rest.Meta.Of(o)["finalizers"] as JsonArray ?? [];
                finalizers.Add(Establishment.CleanupFinalizer);
                Rest.Meta.Of(o)["finalizers"] = finalizers;
            }, cancellationToken: cancellationToken);
        }
        var status = Establishment.Establish(Context.Catalog, definition, crd.ToJsonObject(), Context.Time.GetUtcNow());
        await Client.UpdateStatusAsync(crd, o => o["status"] = status, cancellationToken);
    }

    private async Task CleanUpAsync(StoredObject crd, Definition definition, CancellationToken cancellationToken)
    {
        // Served, but terminating: reads and deletes go on, creates are refused.
        if (Context.Catalog.All.Any(t => t.Custom?.DefinitionName == definition.Name)) Context.Catalog.Replace(definition.Group, definition.Plural, definition.Types);
        var storage = definition.Types.FirstOrDefault(t => t.Version == definition.StorageVersion) ?? (definition.Types.Count > 0 ? definition.Types[0] : null);
        var remaining = 0;
        if (storage is not null)
        {
            foreach (var item in Client.List(storage, null).Items)
            {
                remaining++;
                try { await Client.DeleteAsync(item, cancellationToken: cancellationToken); }
                catch (StatusException e) when (e.Reason is "NotFound" or "Conflict") { /* gone or changed: the next pass sees it */ }
            }
            remaining = Client.List(storage, null).Items.Count;
        }
        if (remaining > 0)
        {
            await Client.UpdateStatusAsync(crd, o =>
            {
                var conditions = o["status"]?["conditions"] as JsonArray ?? [];
                Establishment.SetCondition(conditions, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", Rest.Meta.Timestamp(Context.Time.GetUtcNow()));
                o["status"] ??= new JsonObject();
                o["status"]!["conditions"] = conditions.DeepClone();
            }, cancellationToken);
            EnqueueAfter(new ObjectKey(BuiltInResources.CustomResourceDefinitions, "", crd.Name), Recheck);
            return;
        }
        Context.Catalog.Unregister(definition.Group, definition.Plural);
        await Client.UpdateAsync(Client.Get(BuiltInResources.CustomResourceDefinitions, "", crd.Name) ?? crd, o =>
            Rest.Meta.Of(o)["finalizers"] = new JsonArray([.. Rest.Meta.Finalizers(o).Where(f => f != Establishment.CleanupFinalizer).Select(f => (JsonNode)f)]),
            cancellationToken: cancellationToken);
    }
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The namespace lifecycle: the four system namespaces exist from the start; every namespace has its
/// <c>default</c> ServiceAccount (serviceaccount controller) and the <c>kube-root-ca.crt</c> ConfigMap (root-ca-cert
/// publisher), put back when deleted; a deleted namespace goes Terminating, its content is deleted and it goes once
/// nothing is left (namespace controller). This type keeps namespaces furnished; <see cref="NamespaceDeletion"/> empties
/// them.
/// </summary>
public sealed class NamespaceController(ControllerContext context) : ReconcileLoop(context)
{
    private readonly NamespaceDeletion deletion = new(context);

    /// <summary>The namespaces every cluster has.</summary>
    public static IReadOnlyList<string> SystemNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>The ConfigMap holding the cluster CA in every namespace.</summary>
    public const string RootCaConfigMap = "kube-root-ca.crt";

    private const string RootCaDescription = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    /// <inheritdoc />
    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in SystemNamespaces)
        {
            var ns = new JsonObject
            {
                ["metadata"] = new JsonObject(),
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray(NamespaceAdmission.KubernetesFinalizer) },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            ns["metadata"]!["name"] = name;
            NamespaceAdmission.SetNameLabel(ns);
            await Client.CreateIfAbsentAsync(BuiltInResources.Namespaces, "", name, ns, cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => Context.Catalog.All.Where(t => t.Namespaced || t == BuiltInResources.Namespaces);

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if (o.Type == BuiltInResources.Namespaces)
        {
            enqueue(NamespaceKey(o.Name));
            return;
        }
        var furnishing = (o.Type == BuiltInResources.ServiceAccounts && o.Name == "default") || (o.Type == BuiltInResources.ConfigMaps && o.Name == RootCaConfigMap);
        if (furnishing || Client.Get(BuiltInResources.Namespaces, "", o.Namespace) is { } ns && ns.IsDeleting())
            enqueue(NamespaceKey(o.Namespace));
    }

    private static ObjectKey NamespaceKey(string name) => new(BuiltInResources.Namespaces, "", name);

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Namespaces, "", key.Name) is not { } ns) return;
        if (ns.IsDeleting()) await deletion.FinishAsync(ns, cancellationToken);
        else await FurnishAsync(ns, cancellationToken);
    }

    /// <summary>Puts the name label back (for namespaces written past admission) and creates the default ServiceAccount and the CA ConfigMap.</summary>
    private async Task FurnishAsync(StoredObject ns, CancellationToken cancellationToken)
    {
        await Client.UpdateAsync(ns, NamespaceAdmission.SetNameLabel, cancellationToken: cancellationToken);
        var name = ns.Name;
        await Client.CreateIfAbsentAsync(BuiltInResources.ServiceAccounts, name, "default", new JsonObject { ["metadata"] = new JsonObject() }, cancellationToken);
        var pem = Context.Certificates.Authority.ExportCertificatePem() + "\n";
        var rootCa = await Client.CreateIfAbsentAsync(BuiltInResources.ConfigMaps, name, RootCaConfigMap, new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubernetes.io/description"] = RootCaDescription } },
            ["data"] = new JsonObject { ["ca.crt"] = pem },
        }, cancellationToken);
        // The publisher puts the bundle back when someone edits it.
        var data = new JsonObject { ["ca.crt"] = pem };
        if (!JsonNode.DeepEquals(rootCa.View["data"], data))
            await Client.UpdateAsync(rootCa, o => o["data"] = data, cancellationToken: cancellationToken);
    }
}

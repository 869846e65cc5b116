using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The API server's own reconciler of the <c>kubernetes</c> Service in <c>default</c> (172.20.0.1:443, port name
/// https): created at start and put back when deleted.
/// </summary>
public sealed class KubernetesServiceController(ControllerContext context) : ReconcileLoop(context)
{
    private static readonly ObjectKey Key = new(BuiltInResources.Services, "default", "kubernetes");

    /// <inheritdoc />
    protected override IEnumerable<ResourceType> WatchedTypes() => [BuiltInResources.Services, BuiltInResources.Namespaces];

    /// <inheritdoc />
    protected override void OnEvent(WatchEvent change, Action<ObjectKey> enqueue)
    {
        var o = change.Object;
        if ((o.Type == BuiltInResources.Services && o.Namespace == "default" && o.Name == "kubernetes") || (o.Type == BuiltInResources.Namespaces && o.Name == "default"))
            enqueue(Key);
    }

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(BuiltInResources.Namespaces, "", "default") is not { } ns || ns.IsDeleting()) return;
        await Client.CreateIfAbsentAsync(BuiltInResources.Services, "default", "kubernetes", new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = ServiceIpAllocation.KubernetesServiceIp,
                ["clusterIPs"] = new JsonArray(ServiceIpAllocation.KubernetesServiceIp),
                ["internalTrafficPolicy"] = "Cluster",
                ["ipFamilies"] = new JsonArray("IPv4"),
                ["ipFamilyPolicy"] = "SingleStack",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 443 }),
                ["sessionAffinity"] = "None",
                ["type"] = "ClusterIP",
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
        }, cancellationToken);
    }
}

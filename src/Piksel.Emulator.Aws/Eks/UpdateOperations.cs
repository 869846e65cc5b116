using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>Updates (DescribeUpdate, ListUpdates): the AddonUpdate records UpdateAddon makes, asked for with <c>addonName</c>.</summary>
internal sealed class UpdateOperations(EksStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("DescribeUpdate", "eks:DescribeUpdate", DescribeUpdate)
        .Add("ListUpdates", "eks:ListUpdates", ListUpdates);

    private OperationCall DescribeUpdate(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var updateId = Path(context, "updateId");
        var cluster = store.RequireCluster(context, clusterName);
        var addonName = Query(context, "addonName");
        var resource = addonName is null ? cluster.Arn : RequireAddon(cluster, addonName).AddonArn;
        return Answer(context, resource, () =>
        {
            var update = store.Updates.Find(EksStore.PartKey(cluster, updateId));
            // Without addonName, EKS looks among the cluster's own updates: an add-on's update is not one of them.
            if (update is null || update.AddonName != addonName)
                throw EksErrors.NotFound($"No update found for ID: {updateId}", clusterName);
            return new JsonObject { ["update"] = AddonJson.Update(update) };
        });
    }

    /// <summary>ListUpdates: the ids of an add-on's updates (addonName), oldest first; the cluster's own updates (none here) without it.</summary>
    private OperationCall ListUpdates(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var cluster = store.RequireCluster(context, clusterName);
        var addonName = Query(context, "addonName");
        var resource = addonName is null ? cluster.Arn : RequireAddon(cluster, addonName).AddonArn;
        return Answer(context, resource, () =>
        {
            var page = Page(context, clusterName);
            var ids = store.Updates.Values
                .Where(u => u.ClusterUid == cluster.Uid && u.AddonName == addonName)
                .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id, StringComparer.Ordinal)
                .Select(u => u.Id)
                .ToList();
            return new JsonObject().WithPage("updateIds", ids, page, id => id);
        });
    }

    private EksAddonRecord RequireAddon(EksClusterRecord cluster, string addonName) =>
        store.Addons.Find(EksStore.PartKey(cluster, addonName)) ?? throw EksErrors.AddonNotFound(cluster.Name, addonName);
}

using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// EKS's cluster security groups written into EC2's table, as EKS makes them: all traffic in from the group itself,
/// all traffic out; deleted with the cluster.
/// </summary>
internal sealed class ClusterSecurityGroups(NetworkStore store) : IClusterSecurityGroups
{
    /// <inheritdoc />
    public string Create(string accountId, string region, string vpcId, string groupName, string description, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var vpc = store.Vpcs.Find(Ec2Store.Row(accountId, region, vpcId)) ?? throw NetworkErrors.VpcNotFound(vpcId);
        SecurityGroupOperations.Validate(groupName, description);
        if (store.SecurityGroups.Values.Any(g => g.Account == accountId && g.Region == region && g.VpcId == vpcId && g.GroupName == groupName))
            throw new AwsServiceException("InvalidGroup.Duplicate", $"The security group '{groupName}' already exists for VPC '{vpcId}'");
        var group = SecurityGroupOperations.NewGroup(accountId, region, NetworkStore.NewId("sg"), vpc, groupName, description,
            [.. tags.Select(t => new Ec2Tag(t.Key, t.Value))], fromItself: true);
        store.SecurityGroups.Put(NetworkStore.Row(group), group);
        return group.Id;
    }

    /// <inheritdoc />
    public void Delete(string accountId, string region, string groupId)
    {
        store.SecurityGroups.Remove(Ec2Store.Row(accountId, region, groupId));
        // A rule of another group naming it would name nothing: it goes with the group.
        foreach (var other in store.SecurityGroups.Values.Where(g => g.Account == accountId && g.Region == region && g.Rules.Any(r => r.ReferencedGroupId == groupId)).ToList())
            store.SecurityGroups.Update(NetworkStore.Row(other), g => g is null ? null : g with { Rules = [.. g.Rules.Where(r => r.ReferencedGroupId != groupId)] });
    }
}

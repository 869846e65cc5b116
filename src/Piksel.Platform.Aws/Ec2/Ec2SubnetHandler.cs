using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Providers;
using SubnetSpec = Piksel.Platform.Spec.Aws.Ec2Subnet;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// Subnets through EC2: created in their VPC and zone with their tags; <c>MapPublicIpOnLaunch</c> and tags converge in
/// place. Deleting waits (retries) while network interfaces are still in it. Outputs <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2SubnetHandler(Handlers.AwsHandlerContext context) : Ec2ResourceHandler<SubnetSpec>(context)
{
    private static readonly string[] Absent = ["InvalidSubnetID.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "subnet";

    /// <inheritdoc />
    protected override bool CanExist(SubnetSpec desired) => Resolved(desired.VpcId);

    /// <inheritdoc />
    protected override async Task<Observed<SubnetSpec>?> ReadAsync(AmazonEC2Client client, SubnetSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } subnet ? Observe(desired, subnet) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, SubnetSpec desired, CancellationToken cancellationToken)
    {
        var subnet = await FindAsync(client, desired.Name, cancellationToken)
            ?? (await client.CreateSubnetAsync(new CreateSubnetRequest
            {
                VpcId = desired.VpcId,
                CidrBlock = desired.CidrBlock,
                AvailabilityZone = desired.AvailabilityZone,
                TagSpecifications = TagOnCreate(ResourceType.Subnet, desired.Tags),
            }, cancellationToken)).Subnet;
        if ((subnet.MapPublicIpOnLaunch ?? false) != desired.MapPublicIpOnLaunch)
        {
            await client.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet.SubnetId, MapPublicIpOnLaunch = desired.MapPublicIpOnLaunch }, cancellationToken);
        }

        await ConvergeTagsAsync(client, subnet.SubnetId, TagsOf(subnet.Tags), desired.Tags, cancellationToken);
        return IdOutputs(desired, "subnet", subnet.SubnetId);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(AmazonEC2Client client, Observed<SubnetSpec> actual, CancellationToken cancellationToken) =>
        DeleteWhenFreeAsync($"Subnet {actual.State.Name}", () => client.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = actual.Outputs["id"] }, cancellationToken), Absent);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subnets = await client.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var subnet in subnets.Subnets ?? [])
        {
            var tags = TagsOf(subnet.Tags);
            var stub = new SubnetSpec
            {
                Name = tags.GetValueOrDefault("Name", subnet.SubnetId),
                Account = account,
                VpcId = subnet.VpcId,
                CidrBlock = subnet.CidrBlock,
                AvailabilityZone = subnet.AvailabilityZone,
            };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<SubnetSpec>?>(Observe(stub, subnet)));
        }
    }

    private static async Task<Subnet?> FindAsync(AmazonEC2Client ec2, string name, CancellationToken cancellationToken) =>
        (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = ByName(name) }, cancellationToken)).Subnets?.FirstOrDefault();

    private Observed<SubnetSpec> Observe(SubnetSpec desired, Subnet subnet) => new(
        desired with
        {
            VpcId = subnet.VpcId,
            CidrBlock = subnet.CidrBlock,
            AvailabilityZone = subnet.AvailabilityZone,
            MapPublicIpOnLaunch = subnet.MapPublicIpOnLaunch ?? false,
            Tags = TagsOf(subnet.Tags),
        },
        IdOutputs(desired, "subnet", subnet.SubnetId));
}

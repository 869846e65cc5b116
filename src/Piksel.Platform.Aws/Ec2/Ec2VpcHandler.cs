using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Providers;
using VpcSpec = Piksel.Platform.Spec.Aws.Ec2Vpc;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// VPCs through EC2: created with their tags, DNS support and host names converged with ModifyVpcAttribute (one
/// attribute per call, as EC2 demands), deleted once nothing is left in them (DependencyViolation is retried: NAT
/// gateways and endpoints take a while to go). Outputs <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2VpcHandler(Handlers.AwsHandlerContext context) : Ec2ResourceHandler<VpcSpec>(context)
{
    private static readonly string[] Absent = ["InvalidVpcID.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "VPC";

    /// <inheritdoc />
    protected override async Task<Observed<VpcSpec>?> ReadAsync(AmazonEC2Client client, VpcSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } vpc ? await ObserveAsync(client, desired, vpc, cancellationToken) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, VpcSpec desired, CancellationToken cancellationToken)
    {
        var vpc = await FindAsync(client, desired.Name, cancellationToken)
            ?? (await client.CreateVpcAsync(new CreateVpcRequest
            {
                CidrBlock = desired.CidrBlock,
                TagSpecifications = TagOnCreate(ResourceType.Vpc, desired.Tags),
            }, cancellationToken)).Vpc;
        var current = (await ObserveAsync(client, desired, vpc, cancellationToken)).State;
        if (current.EnableDnsSupport != desired.EnableDnsSupport)
        {
            await client.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsSupport = desired.EnableDnsSupport }, cancellationToken);
        }

        if (current.EnableDnsHostnames != desired.EnableDnsHostnames)
        {
            await client.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = desired.EnableDnsHostnames }, cancellationToken);
        }

        await ConvergeTagsAsync(client, vpc.VpcId, current.Tags, desired.Tags, cancellationToken);
        return IdOutputs(desired, "vpc", vpc.VpcId);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(AmazonEC2Client client, Observed<VpcSpec> actual, CancellationToken cancellationToken) =>
        DeleteWhenFreeAsync($"VPC {actual.State.Name}", () => client.DeleteVpcAsync(new DeleteVpcRequest { VpcId = actual.Outputs["id"] }, cancellationToken), Absent);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var vpcs = await client.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var vpc in vpcs.Vpcs ?? [])
        {
            var tags = TagsOf(vpc.Tags);
            var stub = new VpcSpec { Name = tags.GetValueOrDefault("Name", vpc.VpcId), Account = account, CidrBlock = vpc.CidrBlock };
            yield return new Listed(stub, tags, async () => await ObserveAsync(client, stub, vpc, cancellationToken));
        }
    }

    private static async Task<Vpc?> FindAsync(AmazonEC2Client ec2, string name, CancellationToken cancellationToken) =>
        (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = ByName(name) }, cancellationToken)).Vpcs?.FirstOrDefault();

    private async Task<Observed<VpcSpec>> ObserveAsync(AmazonEC2Client ec2, VpcSpec desired, Vpc vpc, CancellationToken cancellationToken)
    {
        var support = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsSupport }, cancellationToken);
        var hostnames = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpc.VpcId, Attribute = VpcAttributeName.EnableDnsHostnames }, cancellationToken);
        var state = desired with
        {
            CidrBlock = vpc.CidrBlock,
            EnableDnsSupport = support.EnableDnsSupport ?? false,
            EnableDnsHostnames = hostnames.EnableDnsHostnames ?? false,
            Tags = TagsOf(vpc.Tags),
        };
        return new Observed<VpcSpec>(state, IdOutputs(desired, "vpc", vpc.VpcId));
    }
}

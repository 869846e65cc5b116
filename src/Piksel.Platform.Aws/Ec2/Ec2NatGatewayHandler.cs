using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using NatSpec = Piksel.Platform.Spec.Aws.Ec2NatGateway;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// NAT gateways through EC2: created in their public subnet with their Elastic IP and tags, then waited for until
/// <c>available</c> (one that <c>failed</c> is reported with EC2's reason and deleted, so the next apply makes it
/// anew); deleting waits until <c>deleted</c>, so the Elastic IP and the subnet can go after it. Gateways
/// <c>deleting</c>, <c>deleted</c> or <c>failed</c> are absent. Outputs <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2NatGatewayHandler(AwsHandlerContext context) : Ec2ResourceHandler<NatSpec>(context)
{
    private static readonly string[] Absent = ["NatGatewayNotFound", "InvalidNatGatewayID.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "NAT gateway";

    /// <inheritdoc />
    protected override bool CanExist(NatSpec desired) => Resolved(desired.SubnetId, desired.AllocationId);

    /// <inheritdoc />
    protected override async Task<Observed<NatSpec>?> ReadAsync(AmazonEC2Client client, NatSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, ByName(desired.Name), cancellationToken) is { } nat ? Observe(desired, nat) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, NatSpec desired, CancellationToken cancellationToken)
    {
        var nat = await FindAsync(client, ByName(desired.Name), cancellationToken)
            ?? (await client.CreateNatGatewayAsync(new CreateNatGatewayRequest
            {
                SubnetId = desired.SubnetId,
                AllocationId = desired.AllocationId,
                ConnectivityType = desired.ConnectivityType,
                TagSpecifications = TagOnCreate(ResourceType.Natgateway, desired.Tags),
            }, cancellationToken)).NatGateway;
        var id = nat.NatGatewayId;
        await WaitAsync(async () =>
        {
            nat = await FindAsync(client, [new Filter { Name = "nat-gateway-id", Values = [id] }], cancellationToken, includeFailed: true)
                ?? throw new RetryableResourceException($"NAT gateway {desired.Name} ({id}) not yet visible after creation.");
            if (nat.State == NatGatewayState.Failed)
            {
                await IgnoringAbsentAsync(() => client.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = id }, cancellationToken), Absent);
                throw new InvalidOperationException($"NAT gateway {desired.Name} failed: {nat.FailureCode} {nat.FailureMessage}");
            }

            return nat.State == NatGatewayState.Available;
        }, $"NAT gateway {desired.Name} is not available yet.", cancellationToken);
        await ConvergeTagsAsync(client, id, TagsOf(nat.Tags), desired.Tags, cancellationToken);
        return IdOutputs(desired, "natgateway", id);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(AmazonEC2Client client, Observed<NatSpec> actual, CancellationToken cancellationToken)
    {
        var id = actual.Outputs["id"];
        await IgnoringAbsentAsync(() => client.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = id }, cancellationToken), Absent);
        await WaitAsync(async () => await FindAsync(client, [new Filter { Name = "nat-gateway-id", Values = [id] }], cancellationToken, includeDeleting: true) is null,
            $"NAT gateway {actual.State.Name} is still being deleted.", cancellationToken);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var gateways = await client.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = ManagedFilter }, cancellationToken);
        foreach (var nat in (gateways.NatGateways ?? []).Where(IsLive))
        {
            var tags = TagsOf(nat.Tags);
            var stub = new NatSpec
            {
                Name = tags.GetValueOrDefault("Name", nat.NatGatewayId),
                Account = account,
                SubnetId = nat.SubnetId,
                AllocationId = nat.NatGatewayAddresses?.FirstOrDefault()?.AllocationId ?? string.Empty,
            };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<NatSpec>?>(Observe(stub, nat)));
        }
    }

    private static bool IsLive(NatGateway nat) => nat.State == NatGatewayState.Pending || nat.State == NatGatewayState.Available;

    private static async Task<NatGateway?> FindAsync(
        AmazonEC2Client ec2, List<Filter> filters, CancellationToken cancellationToken, bool includeFailed = false, bool includeDeleting = false) =>
        (await ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = filters }, cancellationToken)).NatGateways?
            .FirstOrDefault(n => IsLive(n) || (includeFailed && n.State == NatGatewayState.Failed) || (includeDeleting && n.State == NatGatewayState.Deleting));

    private Observed<NatSpec> Observe(NatSpec desired, NatGateway nat) => new(
        desired with
        {
            SubnetId = nat.SubnetId,
            AllocationId = nat.NatGatewayAddresses?.FirstOrDefault()?.AllocationId ?? string.Empty,
            ConnectivityType = nat.ConnectivityType?.Value ?? desired.ConnectivityType,
            Tags = TagsOf(nat.Tags),
        },
        IdOutputs(desired, "natgateway", nat.NatGatewayId));
}

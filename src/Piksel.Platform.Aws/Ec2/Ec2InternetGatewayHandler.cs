using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Providers;
using GatewaySpec = Piksel.Platform.Spec.Aws.Ec2InternetGateway;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// Internet gateways through EC2: created with their tags and attached to their VPC; one detached (or attached
/// elsewhere) behind the engine's back is re-attached. Delete detaches it first. Outputs <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2InternetGatewayHandler(Handlers.AwsHandlerContext context) : Ec2ResourceHandler<GatewaySpec>(context)
{
    private static readonly string[] Absent = ["InvalidInternetGatewayID.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "internet gateway";

    /// <inheritdoc />
    protected override async Task<Observed<GatewaySpec>?> ReadAsync(AmazonEC2Client client, GatewaySpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } gateway ? Observe(desired, gateway) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, GatewaySpec desired, CancellationToken cancellationToken)
    {
        var gateway = await FindAsync(client, desired.Name, cancellationToken)
            ?? (await client.CreateInternetGatewayAsync(new CreateInternetGatewayRequest
            {
                TagSpecifications = TagOnCreate(ResourceType.InternetGateway, desired.Tags),
            }, cancellationToken)).InternetGateway;
        var attachedTo = AttachedVpc(gateway);
        if (attachedTo != desired.VpcId)
        {
            if (attachedTo.Length > 0)
            {
                await client.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = attachedTo }, cancellationToken);
            }

            await client.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = desired.VpcId }, cancellationToken);
        }

        await ConvergeTagsAsync(client, gateway.InternetGatewayId, TagsOf(gateway.Tags), desired.Tags, cancellationToken);
        return IdOutputs(desired, "internet-gateway", gateway.InternetGatewayId);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(AmazonEC2Client client, Observed<GatewaySpec> actual, CancellationToken cancellationToken)
    {
        var id = actual.Outputs["id"];
        if (actual.State.VpcId.Length > 0)
        {
            // A public address still mapped in the VPC (a NAT gateway going away) keeps the gateway attached: retried.
            await DeleteWhenFreeAsync($"Internet gateway {actual.State.Name}", () =>
                client.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = id, VpcId = actual.State.VpcId }, cancellationToken),
                [.. Absent, "Gateway.NotAttached"]);
        }

        await DeleteWhenFreeAsync($"Internet gateway {actual.State.Name}", () =>
            client.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = id }, cancellationToken), Absent);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var gateways = await client.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var gateway in gateways.InternetGateways ?? [])
        {
            var tags = TagsOf(gateway.Tags);
            var stub = new GatewaySpec { Name = tags.GetValueOrDefault("Name", gateway.InternetGatewayId), Account = account, VpcId = AttachedVpc(gateway) };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<GatewaySpec>?>(Observe(stub, gateway)));
        }
    }

    private static string AttachedVpc(InternetGateway gateway) =>
        gateway.Attachments?.FirstOrDefault(a => a.State != AttachmentStatus.Detached && a.State != AttachmentStatus.Detaching)?.VpcId ?? string.Empty;

    private static async Task<InternetGateway?> FindAsync(AmazonEC2Client ec2, string name, CancellationToken cancellationToken) =>
        (await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = ByName(name) }, cancellationToken)).InternetGateways?.FirstOrDefault();

    private Observed<GatewaySpec> Observe(GatewaySpec desired, InternetGateway gateway) =>
        new(desired with { VpcId = AttachedVpc(gateway), Tags = TagsOf(gateway.Tags) }, IdOutputs(desired, "internet-gateway", gateway.InternetGatewayId));
}

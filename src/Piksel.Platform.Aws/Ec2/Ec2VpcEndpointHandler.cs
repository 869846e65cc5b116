using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using EndpointSpec = Piksel.Platform.Spec.Aws.Ec2VpcEndpoint;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// Gateway VPC endpoints through EC2: created on their route tables with their tags; route tables added or removed in
/// place (ModifyVpcEndpoint). Endpoints <c>deleting</c> or <c>deleted</c> are absent. Outputs <c>id</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2VpcEndpointHandler(AwsHandlerContext context) : Ec2ResourceHandler<EndpointSpec>(context)
{
    /// <inheritdoc />
    protected override string Noun => "VPC endpoint";

    /// <inheritdoc />
    protected override bool CanExist(EndpointSpec desired) => Resolved(desired.VpcId);

    /// <inheritdoc />
    protected override async Task<Observed<EndpointSpec>?> ReadAsync(AmazonEC2Client client, EndpointSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, ByName(desired.Name), cancellationToken) is { } endpoint ? Observe(desired, endpoint) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, EndpointSpec desired, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(client, ByName(desired.Name), cancellationToken);
        if (endpoint is null)
        {
            endpoint = (await client.CreateVpcEndpointAsync(new CreateVpcEndpointRequest
            {
                VpcId = desired.VpcId,
                ServiceName = desired.ServiceName,
                VpcEndpointType = desired.VpcEndpointType,
                RouteTableIds = [.. desired.RouteTableIds],
                TagSpecifications = TagOnCreate(ResourceType.VpcEndpoint, desired.Tags),
            }, cancellationToken)).VpcEndpoint;
            return IdOutputs(desired, "vpc-endpoint", endpoint.VpcEndpointId);
        }

        var tables = endpoint.RouteTableIds ?? [];
        var add = desired.RouteTableIds.Except(tables, StringComparer.Ordinal).ToList();
        var remove = tables.Except(desired.RouteTableIds, StringComparer.Ordinal).ToList();
        if (add.Count > 0 || remove.Count > 0)
        {
            await client.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest
            {
                VpcEndpointId = endpoint.VpcEndpointId,
                AddRouteTableIds = add.Count > 0 ? add : null,
                RemoveRouteTableIds = remove.Count > 0 ? remove : null,
            }, cancellationToken);
        }

        await ConvergeTagsAsync(client, endpoint.VpcEndpointId, TagsOf(endpoint.Tags), desired.Tags, cancellationToken);
        return IdOutputs(desired, "vpc-endpoint", endpoint.VpcEndpointId);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(AmazonEC2Client client, Observed<EndpointSpec> actual, CancellationToken cancellationToken)
    {
        var response = await client.DeleteVpcEndpointsAsync(new DeleteVpcEndpointsRequest { VpcEndpointIds = [actual.Outputs["id"]] }, cancellationToken);

        // DeleteVpcEndpoints answers per endpoint; one already gone is not an error.
        var failed = response.Unsuccessful?.FirstOrDefault(u => u.Error?.Code is not ("InvalidVpcEndpointId.NotFound" or "InvalidVpcEndpoint.NotFound"));
        if (failed is not null)
        {
            throw new InvalidOperationException($"VPC endpoint {actual.State.Name} was not deleted: {failed.Error.Code} {failed.Error.Message}");
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var endpoints = await client.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var endpoint in (endpoints.VpcEndpoints ?? []).Where(IsLive))
        {
            var tags = TagsOf(endpoint.Tags);
            var stub = new EndpointSpec { Name = tags.GetValueOrDefault("Name", endpoint.VpcEndpointId), Account = account, VpcId = endpoint.VpcId, ServiceName = endpoint.ServiceName };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<EndpointSpec>?>(Observe(stub, endpoint)));
        }
    }

    private static bool IsLive(VpcEndpoint endpoint) =>
        !string.Equals(endpoint.State?.Value, "deleting", StringComparison.OrdinalIgnoreCase) && !string.Equals(endpoint.State?.Value, "deleted", StringComparison.OrdinalIgnoreCase);

    private static async Task<VpcEndpoint?> FindAsync(AmazonEC2Client ec2, List<Filter> filters, CancellationToken cancellationToken) =>
        (await ec2.DescribeVpcEndpointsAsync(new DescribeVpcEndpointsRequest { Filters = filters }, cancellationToken)).VpcEndpoints?.FirstOrDefault(IsLive);

    private Observed<EndpointSpec> Observe(EndpointSpec desired, VpcEndpoint endpoint) => new(
        desired with
        {
            VpcId = endpoint.VpcId,
            ServiceName = endpoint.ServiceName,
            VpcEndpointType = endpoint.VpcEndpointType?.Value ?? desired.VpcEndpointType,
            RouteTableIds = Canonical.SetLike(endpoint.RouteTableIds ?? [], desired.RouteTableIds),
            Tags = TagsOf(endpoint.Tags),
        },
        IdOutputs(desired, "vpc-endpoint", endpoint.VpcEndpointId));
}

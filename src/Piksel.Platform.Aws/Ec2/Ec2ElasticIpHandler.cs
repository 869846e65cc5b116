using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using AddressSpec = Piksel.Platform.Spec.Aws.Ec2ElasticIp;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// Elastic IP addresses through EC2: allocated in the VPC domain with their tags, found again by the <c>Name</c>
/// tag; released on delete (retried while a NAT gateway still holds it). Outputs <c>allocationId</c>,
/// <c>publicIp</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2ElasticIpHandler(AwsHandlerContext context) : Ec2ResourceHandler<AddressSpec>(context)
{
    /// <inheritdoc />
    protected override string Noun => "Elastic IP";

    /// <inheritdoc />
    protected override async Task<Observed<AddressSpec>?> ReadAsync(AmazonEC2Client client, AddressSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, ByName(desired.Name), cancellationToken) is { } address ? Observe(desired, address) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, AddressSpec desired, CancellationToken cancellationToken)
    {
        var address = await FindAsync(client, ByName(desired.Name), cancellationToken);
        if (address is null)
        {
            var allocated = await client.AllocateAddressAsync(new AllocateAddressRequest
            {
                Domain = desired.Domain,
                TagSpecifications = TagOnCreate(ResourceType.ElasticIp, desired.Tags),
            }, cancellationToken);
            return Observe(desired, new Address { AllocationId = allocated.AllocationId, PublicIp = allocated.PublicIp, Domain = allocated.Domain, Tags = [] }).Outputs;
        }

        await ConvergeTagsAsync(client, address.AllocationId, TagsOf(address.Tags), desired.Tags, cancellationToken);
        return Observe(desired, address).Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(AmazonEC2Client client, Observed<AddressSpec> actual, CancellationToken cancellationToken) =>
        DeleteWhenFreeAsync($"Elastic IP {actual.State.Name}",
            () => client.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = actual.Outputs[AddressSpec.AllocationIdOutput] }, cancellationToken),
            "InvalidAllocationID.NotFound");

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var addresses = await client.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var address in addresses.Addresses ?? [])
        {
            var tags = TagsOf(address.Tags);
            var stub = new AddressSpec { Name = tags.GetValueOrDefault("Name", address.AllocationId), Account = account };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<AddressSpec>?>(Observe(stub, address)));
        }
    }

    private static async Task<Address?> FindAsync(AmazonEC2Client ec2, List<Filter> filters, CancellationToken cancellationToken) =>
        (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = filters }, cancellationToken)).Addresses?.FirstOrDefault();

    private Observed<AddressSpec> Observe(AddressSpec desired, Address address) => new(
        desired with { Domain = address.Domain?.Value ?? desired.Domain, Tags = address.Tags is null ? desired.Tags : TagsOf(address.Tags) },
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AddressSpec.AllocationIdOutput] = address.AllocationId,
            [AddressSpec.PublicIpOutput] = address.PublicIp ?? string.Empty,
            [Spec.AwsResource.ArnOutput] = Arn(desired, "elastic-ip", address.AllocationId),
        });
}

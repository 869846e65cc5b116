using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>Zones, regions, the empty sets of a cloud without VMs, and EC2's answer to actions it does not know.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DescribeTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_region_has_three_available_zones_with_zone_ids()
    {
        using var ec2 = Client(fixture);
        var zones = (await ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), Ct)).AvailabilityZones;
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], zones.Select(z => z.ZoneName));
        Assert.Equal(["use1-az1", "use1-az2", "use1-az3"], zones.Select(z => z.ZoneId));
        Assert.All(zones, z => Assert.Equal(AvailabilityZoneState.Available, z.State));
        Assert.All(zones, z => Assert.Equal("us-east-1", z.RegionName));

        using var sydneyClient = Client(fixture, region: "ap-southeast-2");
        var sydney = (await sydneyClient.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest { ZoneNames = ["ap-southeast-2b"] }, Ct)).AvailabilityZones;
        Assert.Equal("apse2-az2", Assert.Single(sydney).ZoneId);
    }

    [Fact]
    public async Task Regions_include_the_callers_region()
    {
        using var ec2 = Client(fixture, region: "eu-west-1");
        var regions = (await ec2.DescribeRegionsAsync(new DescribeRegionsRequest(), Ct)).Regions;
        Assert.Contains(regions, r => r.RegionName == "eu-west-1" && r.Endpoint == "ec2.eu-west-1.amazonaws.com");
    }

    [Fact]
    public async Task Resources_the_emulator_never_has_are_empty_sets()
    {
        using var ec2 = Client(fixture);
        Assert.Empty((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest(), Ct)).Subnets ?? []);
        Assert.Empty((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest(), Ct)).SecurityGroups ?? []);
        Assert.Empty((await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest(), Ct)).NetworkInterfaces ?? []);
        Assert.Empty((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }, Ct)).Images ?? []);
        Assert.Empty((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] }, Ct)).Snapshots ?? []);
        Assert.Empty((await ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct)).Vpcs ?? []);
    }

    [Fact]
    public async Task Asking_for_a_missing_instance_by_id_is_not_found()
    {
        using var ec2 = Client(fixture);
        var error = await Fails(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0123456789abcdef0"] }, Ct), "InvalidInstanceID.NotFound");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("The instance ID 'i-0123456789abcdef0' does not exist", error.Message);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task An_action_the_emulator_does_not_implement_is_authorized_then_InvalidAction()
    {
        using var ec2 = Client(fixture);
        var error = await Fails(() => ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = ["i-0123456789abcdef0"] }, Ct), "InvalidAction");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("The action StopInstances is not valid for this web service.", error.Message);

        // The CNI role may AssignPrivateIpAddresses (InvalidAction here) but not StopInstances (denied before anything else).
        var cni = await RoleSessions.AssumeAsync(fixture, "ec2-unknown", [CniPolicy], null, Ct);
        using var role = Client(fixture, cni);
        await Fails(() => role.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = "eni-0123456789abcdef0", SecondaryPrivateIpAddressCount = 1 }, Ct), "InvalidAction");
        var denied = await Fails(() => role.StopInstancesAsync(new StopInstancesRequest { InstanceIds = ["i-0123456789abcdef0"] }, Ct), "UnauthorizedOperation");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task The_CNI_role_may_describe_network_interfaces_but_not_volumes()
    {
        var cni = await RoleSessions.AssumeAsync(fixture, "ec2-cni", [CniPolicy], null, Ct);
        using var ec2 = Client(fixture, cni);
        Assert.Empty((await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest(), Ct)).NetworkInterfaces ?? []);
        Assert.Empty((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest(), Ct)).Subnets ?? []);
        var denied = await Fails(() => ec2.DescribeVolumesAsync(new DescribeVolumesRequest(), Ct), "UnauthorizedOperation");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.StartsWith("You are not authorized to perform this operation. User: arn:aws:sts::000000000000:assumed-role/ec2-cni-", denied.Message);
        Assert.Contains("is not authorized to perform: ec2:DescribeVolumes on resource: * because no identity-based policy allows the ec2:DescribeVolumes action.", denied.Message);
        Assert.Contains("Encoded authorization failure message: ", denied.Message);
        await Fails(() => ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), Ct), "UnauthorizedOperation");
    }
}

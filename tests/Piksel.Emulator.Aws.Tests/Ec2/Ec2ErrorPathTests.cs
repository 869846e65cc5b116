using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>EC2's error paths: bad ids, numbers, filters, tags and actions answer in EC2's Response/Errors shape, never a 5xx.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class Ec2ErrorPathTests(EmulatorFixture fixture)
{
    private static ErrorPathCase Signed(string form, string? code = null, int? status = null) => new(RawRequest.Query(form), "ec2", code, status);

    private static readonly Dictionary<string, ErrorPathCase> Table = new()
    {
        ["control character in a volume id"] = Signed("Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-%01", null, 400),
        ["MaxResults not a number"] = Signed("Action=DescribeVolumes&Version=2016-11-15&MaxResults=abc", null, 400),
        ["MaxResults beyond 32 bits"] = Signed("Action=DescribeVolumes&Version=2016-11-15&MaxResults=99999999999", null, 400),
        ["NextToken of garbage"] = Signed("Action=DescribeVolumes&Version=2016-11-15&NextToken=%01%02", null, 400),
        ["Size not a number"] = Signed("Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=x", null, 400),
        ["Size beyond 32 bits"] = Signed("Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=99999999999", null, 400),
        ["control character in a zone"] = Signed("Action=CreateVolume&Version=2016-11-15&AvailabilityZone=%01&Size=1", null, 400),
        ["control character in a filter"] = Signed("Action=DescribeVolumes&Version=2016-11-15&Filter.1.Name=%01&Filter.1.Value.1=%02", null, 400),
        ["control character in a tag"] = Signed("Action=CreateTags&Version=2016-11-15&ResourceId.1=vol-%01&Tag.1.Key=%01&Tag.1.Value=%02", null, 400),
        ["unknown action with a control character"] = Signed("Action=Describe%01&Version=2016-11-15", "InvalidAction", 400),
        ["no action"] = Signed("Version=2016-11-15", "MissingAction", 400),
        ["VPC CIDR of garbage"] = Signed("Action=CreateVpc&Version=2016-11-15&CidrBlock=%01/99", "InvalidParameterValue", 400),
        ["VPC CIDR too large"] = Signed("Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0/8", "InvalidVpc.Range", 400),
        ["subnet of a malformed VPC id"] = Signed("Action=CreateSubnet&Version=2016-11-15&VpcId=vpc-%01&CidrBlock=10.0.0.0/24", "InvalidVpcID.Malformed", 400),
        ["route with a CIDR of garbage"] = Signed("Action=CreateRoute&Version=2016-11-15&RouteTableId=rtb-0123456789abcdef0&DestinationCidrBlock=x", "InvalidRouteTableID.NotFound", 400),
        ["describe subnets with a bad filter"] = Signed("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=%01&Filter.1.Value.1=x", "InvalidParameterValue", 400),
        ["describe route tables with MaxResults too small"] = Signed("Action=DescribeRouteTables&Version=2016-11-15&MaxResults=1", "InvalidParameterValue", 400),
        ["attach a gateway that does not exist"] = Signed("Action=AttachInternetGateway&Version=2016-11-15&InternetGatewayId=igw-0123456789abcdef0&VpcId=vpc-0123456789abcdef0", "InvalidInternetGatewayID.NotFound", 400),
        ["disassociate a malformed association"] = Signed("Action=DisassociateRouteTable&Version=2016-11-15&AssociationId=x", "InvalidAssociationID.Malformed", 400),
        ["security group in a malformed VPC"] = Signed("Action=CreateSecurityGroup&Version=2016-11-15&GroupName=a&GroupDescription=b&VpcId=vpc-%01", "InvalidVpcID.Malformed", 400),
        ["security group without a VPC"] = Signed("Action=CreateSecurityGroup&Version=2016-11-15&GroupName=a&GroupDescription=b", "VPCIdNotSpecified", 400),
        ["ingress on a malformed group"] = Signed("Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-%01&IpPermissions.1.IpProtocol=tcp", "InvalidGroupId.Malformed", 400),
        ["ingress on a missing group"] = Signed("Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-0123456789abcdef0&IpPermissions.1.IpProtocol=%01&IpPermissions.1.FromPort=99999999999", "InvalidGroup.NotFound", 400),
        ["describe groups by a missing name"] = Signed("Action=DescribeSecurityGroups&Version=2016-11-15&GroupName.1=%01", "InvalidGroup.NotFound", 400),
        ["rules with MaxResults too large"] = Signed("Action=DescribeSecurityGroupRules&Version=2016-11-15&MaxResults=5000", "InvalidParameterValue", 400),
        ["allocate an address in a bad domain"] = Signed("Action=AllocateAddress&Version=2016-11-15&Domain=%01", "InvalidParameterValue", 400),
        ["release a malformed allocation"] = Signed("Action=ReleaseAddress&Version=2016-11-15&AllocationId=eipalloc-%01", "InvalidAllocationID.Malformed", 400),
        ["NAT gateway in a missing subnet"] = Signed("Action=CreateNatGateway&Version=2016-11-15&SubnetId=subnet-0123456789abcdef0&AllocationId=x", "InvalidSubnetID.NotFound", 400),
        ["delete a malformed NAT gateway"] = Signed("Action=DeleteNatGateway&Version=2016-11-15&NatGatewayId=%01", "InvalidNatGatewayID.Malformed", 400),
        ["describe a missing NAT gateway"] = Signed("Action=DescribeNatGateways&Version=2016-11-15&NatGatewayId.1=nat-0123456789abcdef0", "NatGatewayNotFound", 400),
        ["endpoint in a missing VPC"] = Signed("Action=CreateVpcEndpoint&Version=2016-11-15&VpcId=vpc-0123456789abcdef0&ServiceName=%01", "InvalidVpcID.NotFound", 400),
        ["modify an endpoint without its id"] = Signed("Action=ModifyVpcEndpoint&Version=2016-11-15", "MissingParameter", 400),
        ["modify a missing endpoint"] = Signed("Action=ModifyVpcEndpoint&Version=2016-11-15&VpcEndpointId=vpce-0123456789abcdef0&AddRouteTableId.1=rtb-0123456789abcdef0", "InvalidVpcEndpointId.NotFound", 400),
        ["modify a malformed endpoint"] = Signed("Action=ModifyVpcEndpoint&Version=2016-11-15&VpcEndpointId=%01&ResetPolicy=true", "InvalidVpcEndpointId.Malformed", 400),
        ["delete endpoints without ids"] = Signed("Action=DeleteVpcEndpoints&Version=2016-11-15", "MissingParameter", 400),
        ["prefix list of garbage"] = Signed("Action=DescribePrefixLists&Version=2016-11-15&PrefixListId.1=%01", "InvalidPrefixListId.Malformed", 400),
        ["tag a missing NAT gateway"] = Signed("Action=CreateTags&Version=2016-11-15&ResourceId.1=nat-0123456789abcdef0&Tag.1.Key=a&Tag.1.Value=b", "NatGatewayNotFound", 400),
        ["DryRun not a boolean"] = Signed("Action=DescribeVolumes&Version=2016-11-15&DryRun=maybe&VolumeId.1=vol-0123456789abcdef0", null, 400),
    };

    public static TheoryData<string> Cases => ErrorPaths.Names(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_answer_a_well_formed_4xx(string name) => await ErrorPaths.AssertAsync(fixture, Table, name, AwsProtocol.Ec2);
}

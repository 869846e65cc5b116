using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>EC2 networking's error codes with its sentences (HTTP 400).</summary>
internal static class NetworkErrors
{
    public static AwsServiceException VpcNotFound(string id) => new("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist");

    public static AwsServiceException SubnetNotFound(string id) => new("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist");

    public static AwsServiceException InternetGatewayNotFound(string id) =>
        new("InvalidInternetGatewayID.NotFound", $"The internetGateway ID '{id}' does not exist");

    public static AwsServiceException RouteTableNotFound(string id) =>
        new("InvalidRouteTableID.NotFound", $"The routeTable ID '{id}' does not exist");

    public static AwsServiceException AssociationNotFound(string id) =>
        new("InvalidAssociationID.NotFound", $"The association ID '{id}' does not exist");

    public static AwsServiceException SecurityGroupNotFound(string id) =>
        new("InvalidGroup.NotFound", $"The security group '{id}' does not exist");

    public static AwsServiceException AllocationNotFound(string id) =>
        new("InvalidAllocationID.NotFound", $"The allocation ID '{id}' does not exist");

    public static AwsServiceException NatGatewayNotFound(string id) => new("NatGatewayNotFound", $"The Nat Gateway {id} was not found");

    public static AwsServiceException VpcEndpointNotFound(string id) =>
        new("InvalidVpcEndpointId.NotFound", $"The Vpc Endpoint Id '{id}' does not exist");

    /// <summary>An id of the wrong shape: <c>InvalidVpcID.Malformed</c>, <c>InvalidSubnetID.Malformed</c>…</summary>
    public static AwsServiceException Malformed(string prefix, string id) => prefix switch
    {
        "vpc" => new("InvalidVpcID.Malformed", $"Invalid id: \"{id}\""),
        "subnet" => new("InvalidSubnetID.Malformed", $"Invalid id: \"{id}\""),
        "igw" => new("InvalidInternetGatewayID.Malformed", $"Invalid id: \"{id}\""),
        "rtb" => new("InvalidRouteTableID.Malformed", $"Invalid id: \"{id}\""),
        "rtbassoc" => new("InvalidAssociationID.Malformed", $"Invalid id: \"{id}\""),
        "sg" => new("InvalidGroupId.Malformed", $"Invalid id: \"{id}\" (expecting \"sg-...\")"),
        "sgr" => new("InvalidSecurityGroupRuleId.Malformed", $"Invalid id: \"{id}\" (expecting \"sgr-...\")"),
        "eipalloc" => new("InvalidAllocationID.Malformed", $"Invalid id: \"{id}\" (expecting \"eipalloc-...\")"),
        "nat" => new("InvalidNatGatewayID.Malformed", $"Invalid id: \"{id}\" (expecting \"nat-...\")"),
        "vpce" => new("InvalidVpcEndpointId.Malformed", $"Invalid Id: '{id}' (expecting 'vpce-...')"),
        "i" => new("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\""),
        "lt" => new("InvalidLaunchTemplateId.Malformed", $"The specified ID for the launch template ({id}) is not valid."),
        _ => Ec2Errors.InvalidId(id),
    };

    /// <summary>A resource that something still uses.</summary>
    public static AwsServiceException DependencyViolation(string kind, string id) =>
        new("DependencyViolation", $"The {kind} '{id}' has dependencies and cannot be deleted.");
}

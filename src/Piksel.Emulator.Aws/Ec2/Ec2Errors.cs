using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>EC2's error codes with its sentences (HTTP 400 unless said otherwise).</summary>
internal static class Ec2Errors
{
    /// <summary>EC2's denial: 403 UnauthorizedOperation, IAM's sentence after EC2's own, and an opaque encoded message.</summary>
    public static AwsServiceException Unauthorized(string reason, string requestId) => new("UnauthorizedOperation",
        $"You are not authorized to perform this operation. {reason}. Encoded authorization failure message: {Opaque(requestId)}",
        HttpStatusCode.Forbidden);

    public static AwsServiceException InvalidAction(string action) =>
        new("InvalidAction", $"The action {action} is not valid for this web service.");

    public static AwsServiceException MissingAction() => new("MissingAction", "The request must contain the parameter Action");

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}");

    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameter", message);

    public static AwsServiceException InvalidParameterCombination(string message) => new("InvalidParameterCombination", message);

    public static AwsServiceException VolumeNotFound(string id) =>
        new("InvalidVolume.NotFound", $"The volume '{id}' does not exist.");

    public static AwsServiceException VolumesNotFound(IEnumerable<string> ids) =>
        new("InvalidVolume.NotFound", $"The volume{(ids.Count() > 1 ? "s" : "")} '{string.Join(", ", ids)}' {(ids.Count() > 1 ? "do" : "does")} not exist.");

    public static AwsServiceException MalformedVolumeId(string id) =>
        new("InvalidVolumeID.Malformed", $"Invalid id: \"{id}\" (expecting \"vol-...\")");

    public static AwsServiceException InvalidId(string id) => new("InvalidID", $"The ID '{id}' is not valid");

    public static AwsServiceException InstanceNotFound(string id) =>
        new("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");

    public static AwsServiceException SnapshotNotFound(string id) =>
        new("InvalidSnapshot.NotFound", $"The snapshot '{id}' does not exist.");

    /// <summary>The NotFound of the resource a describe's id parameter names (the emulator never has instances, subnets…).</summary>
    public static AwsServiceException NotFound(string idParameter, string id) => idParameter switch
    {
        "InstanceId" => InstanceNotFound(id),
        "SnapshotId" => SnapshotNotFound(id),
        "SubnetId" => new("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"),
        "GroupId" => new("InvalidGroup.NotFound", $"The security group '{id}' does not exist"),
        "NetworkInterfaceId" => new("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist"),
        "ImageId" => new("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist"),
        "LaunchTemplateId" => new("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist."),
        "VpcId" => new("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist"),
        _ => InvalidId(id),
    };

    public static AwsServiceException InvalidNextToken() =>
        new("InvalidParameterValue", "The token provided is not valid.");

    /// <summary>With <c>DryRun=true</c>, an authorized request stops with 412 DryRunOperation, as EC2 answers.</summary>
    public static AwsServiceException DryRunOperation() =>
        new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", HttpStatusCode.PreconditionFailed);

    // Real messages are long KMS-encrypted blobs for sts:DecodeAuthorizationMessage; this one only identifies the request.
    private static string Opaque(string requestId) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("piksel-emulator:" + requestId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>RDS's errors, with the codes and HTTP statuses of its API model (botocore <c>rds/2014-10-31</c>) and its sentences.</summary>
internal static class RdsErrors
{
    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static AwsServiceException InvalidParameterCombination(string message) => new("InvalidParameterCombination", message);

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}");

    public static AwsServiceException InvalidAction(string action) =>
        new("InvalidAction", $"The action {action} is not valid for this web service.");

    public static AwsServiceException InstanceNotFound(string id) => new("DBInstanceNotFound", $"DBInstance {id} not found.", HttpStatusCode.NotFound);

    public static AwsServiceException InstanceExists() => new("DBInstanceAlreadyExists", "DB instance already exists");

    public static AwsServiceException InvalidInstanceState(string id, string status) =>
        new("InvalidDBInstanceState", $"Instance {id} is not in available state; it is {status}.");

    public static AwsServiceException SubnetGroupNotFound(string name) =>
        new("DBSubnetGroupNotFoundFault", $"DBSubnetGroup '{name}' not found.", HttpStatusCode.NotFound);

    public static AwsServiceException SubnetGroupExists(string name) =>
        new("DBSubnetGroupAlreadyExists", $"The DB subnet group '{name}' already exists.");

    public static AwsServiceException SubnetGroupInUse(string name) =>
        new("InvalidDBSubnetGroupStateFault", $"Cannot delete the subnet group '{name}' because at least one database instance: is still using it.");

    public static AwsServiceException NotEnoughZones(string zones) =>
        new("DBSubnetGroupDoesNotCoverEnoughAZs",
            $"The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: {zones}. Add subnets to cover at least 2 AZs.");

    public static AwsServiceException InvalidSubnet(string message) => new("InvalidSubnet", message);

    public static AwsServiceException ParameterGroupNotFound(string name) =>
        new("DBParameterGroupNotFound", $"DBParameterGroup not found: {name}", HttpStatusCode.NotFound);

    public static AwsServiceException ParameterGroupExists(string name) =>
        new("DBParameterGroupAlreadyExists", $"Parameter group {name} already exists");

    public static AwsServiceException ParameterGroupInUse(string name) =>
        new("InvalidDBParameterGroupState", $"One or more database instances are still members of this parameter group {name}, so the group cannot be deleted");

    public static AwsServiceException SnapshotNotFound(string id) => new("DBSnapshotNotFound", $"DBSnapshot {id} not found.", HttpStatusCode.NotFound);

    public static AwsServiceException SnapshotExists(string id) => new("DBSnapshotAlreadyExists", $"Cannot create the snapshot because a snapshot with the identifier {id} already exists.");

    public static AwsServiceException KmsKeyNotAccessible(string key) =>
        new("KMSKeyNotAccessibleFault", $"The specified KMS key [{key}] does not exist, is not enabled or you do not have permissions to access it.");

    public static AwsServiceException SecurityGroupNotFound(string message) => new("InvalidVPCNetworkStateFault", message);

    public static AwsServiceException InsufficientCapacity(string message) =>
        new("InsufficientDBInstanceCapacity", message);

    public static AwsServiceException ResourceNotFound(string arn) =>
        new("DBInstanceNotFound", $"DBInstance {arn} not found.", HttpStatusCode.NotFound);
}

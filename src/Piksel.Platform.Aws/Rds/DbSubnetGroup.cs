namespace Piksel.Platform.Aws.Rds;

/// <summary>A DB subnet group as DescribeDBSubnetGroups answers it.</summary>
/// <param name="Name">The name.</param>
/// <param name="Arn">The ARN.</param>
/// <param name="Description">The description.</param>
/// <param name="VpcId">The VPC of its subnets.</param>
/// <param name="SubnetIds">Its subnets' ids.</param>
public sealed record DbSubnetGroup(string Name, string Arn, string Description, string? VpcId, IReadOnlyList<string> SubnetIds) : IRdsGroup;

namespace Piksel.Platform.Aws.Rds;

/// <summary>A DB parameter group as DescribeDBParameterGroups answers it.</summary>
/// <param name="Name">The name.</param>
/// <param name="Arn">The ARN.</param>
/// <param name="Family">The engine family (<c>postgres16</c>).</param>
/// <param name="Description">The description.</param>
public sealed record DbParameterGroup(string Name, string Arn, string Family, string Description) : IRdsGroup;

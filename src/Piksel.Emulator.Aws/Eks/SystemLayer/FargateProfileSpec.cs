using Piksel.Emulator.Aws.Ec2;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>An ACTIVE Fargate profile: where its pods run and which pods it takes.</summary>
public sealed record FargateProfileSpec(
    string Name,
    string PodExecutionRoleArn,
    IReadOnlyList<SubnetView> Subnets,
    IReadOnlyList<FargateSelectorSpec> Selectors);

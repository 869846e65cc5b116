using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Eks;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>A launch resolved before it is authorized: what it runs, where, with which image and profile.</summary>
internal sealed record LaunchPlan(LaunchData Data, LaunchTemplateRecord? Template, string? TemplateVersion, SubnetRecord Subnet,
    IReadOnlyList<SecurityGroupRecord> Groups, EksOptimizedAmi Image, InstanceTypeInfo Type, InstanceProfileView? Profile)
{
    /// <summary>The tags for resources of <paramref name="resourceType"/>.</summary>
    public IReadOnlyList<Ec2Tag> TagsFor(string resourceType) => LaunchDataReader.TagsFor(Data, resourceType);
}

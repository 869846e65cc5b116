namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// A resource CreateTags, DeleteTags and DescribeTags reach: its id, EC2's resource type, its ARN and condition keys
/// (what the caller is authorized against), its tags, and how new tags are written back to its table.
/// </summary>
internal sealed record TagTarget(string Id, string ResourceType, string Arn, IReadOnlyList<Ec2Tag> Tags,
    Dictionary<string, IReadOnlyList<string>> Keys, Action<Func<IReadOnlyList<Ec2Tag>, IReadOnlyList<Ec2Tag>>> Retag);

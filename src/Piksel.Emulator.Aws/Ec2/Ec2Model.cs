namespace Piksel.Emulator.Aws.Ec2;

/// <summary>An EBS volume: available once created, in use while attached to an instance.</summary>
public sealed record VolumeRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    /// <summary><c>vol-</c> and 17 hex digits.</summary>
    public required string VolumeId { get; init; }
    public required string AvailabilityZone { get; init; }
    /// <summary>GiB.</summary>
    public required int Size { get; init; }
    /// <summary>gp2, gp3, io1, io2, st1, sc1 or standard.</summary>
    public required string VolumeType { get; init; }
    public int? Iops { get; init; }
    public int? Throughput { get; init; }
    public bool Encrypted { get; init; }
    public string? KmsKeyId { get; init; }
    public string? SnapshotId { get; init; }
    public bool MultiAttachEnabled { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    /// <summary>Its attachment, while one is attaching, attached or detaching (a finished detach leaves the record until the next change).</summary>
    public Instances.VolumeAttachment? Attachment { get; init; }
    /// <summary>The idempotency token CreateVolume was called with.</summary>
    public string? ClientToken { get; init; }

    /// <summary><c>arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:volume/&lt;id&gt;</c>, what IAM policies name.</summary>
    public string Arn => ArnOf(Region, Account, VolumeId);

    /// <summary>The ARN of volume <paramref name="volumeId"/> (<c>*</c> for any) in an account and region.</summary>
    public static string ArnOf(string region, string account, string volumeId) => $"arn:aws:ec2:{region}:{account}:volume/{volumeId}";
}

/// <summary>An EC2 tag.</summary>
public sealed record Ec2Tag(string Key, string Value);

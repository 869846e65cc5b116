namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>An EC2 instance. Its state follows from its launch and termination times on the emulator's clock.</summary>
public sealed record InstanceRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    /// <summary><c>i-</c> and 17 hex digits.</summary>
    public required string InstanceId { get; init; }
    /// <summary>The launch that made it (<c>r-</c> and 17 hex digits).</summary>
    public required string ReservationId { get; init; }
    public required string InstanceType { get; init; }
    public required string ImageId { get; init; }
    public required string Architecture { get; init; }
    public required string SubnetId { get; init; }
    public required string VpcId { get; init; }
    public required string AvailabilityZone { get; init; }
    public required string PrivateIpAddress { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    /// <summary>The instance profile's ARN, when launched with one.</summary>
    public string? InstanceProfileArn { get; init; }
    /// <summary><c>on-demand</c> or <c>spot</c>.</summary>
    public string CapacityType { get; init; } = "on-demand";
    public string? LaunchTemplateId { get; init; }
    public string? LaunchTemplateVersion { get; init; }
    /// <summary>The fleet that launched it, for CreateFleet.</summary>
    public string? FleetId { get; init; }
    public string? UserData { get; init; }
    /// <summary>IMDS token policy: <c>required</c> or <c>optional</c>.</summary>
    public string HttpTokens { get; init; } = "optional";
    public int HttpPutResponseHopLimit { get; init; } = 1;
    public required DateTimeOffset LaunchTime { get; init; }
    /// <summary>When TerminateInstances was called; null while it lives.</summary>
    public DateTimeOffset? TerminateTime { get; init; }
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public string? ClientToken { get; init; }
    public int LaunchIndex { get; init; }

    /// <summary><c>ip-10-0-1-23.&lt;region&gt;.compute.internal</c> (us-east-1 uses <c>ec2.internal</c>, as AWS does).</summary>
    public string PrivateDnsName =>
        $"ip-{PrivateIpAddress.Replace('.', '-')}.{(Region == "us-east-1" ? "ec2.internal" : Region + ".compute.internal")}";

    /// <summary><c>arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:instance/&lt;id&gt;</c>.</summary>
    public string Arn => $"arn:aws:ec2:{Region}:{Account}:instance/{InstanceId}";
}

/// <summary>A launch template with its versions (the default is the first unless changed).</summary>
public sealed record LaunchTemplateRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    /// <summary><c>lt-</c> and 17 hex digits.</summary>
    public required string LaunchTemplateId { get; init; }
    public required string LaunchTemplateName { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public required string CreatedBy { get; init; }
    public IReadOnlyList<LaunchData> Versions { get; init; } = [];
    public int DefaultVersion { get; init; } = 1;
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];

    /// <summary><c>arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:launch-template/&lt;id&gt;</c>.</summary>
    public string Arn => $"arn:aws:ec2:{Region}:{Account}:launch-template/{LaunchTemplateId}";
}

/// <summary>
/// What a launch asks for, from a launch template's data or a RunInstances request (their parameters share names):
/// every member is optional, and a request's members override its template's.
/// </summary>
public sealed record LaunchData
{
    public string? ImageId { get; init; }
    public string? InstanceType { get; init; }
    public string? SubnetId { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public string? InstanceProfileArn { get; init; }
    public string? InstanceProfileName { get; init; }
    public IReadOnlyList<BlockDevice> BlockDevices { get; init; } = [];
    /// <summary>Tags by the resource type they are for (<c>instance</c>, <c>volume</c>, <c>network-interface</c>…).</summary>
    public IReadOnlyList<TypedTags> TagSpecifications { get; init; } = [];
    public string? HttpTokens { get; init; }
    public int? HttpPutResponseHopLimit { get; init; }
    public string? UserData { get; init; }
    public string? AvailabilityZone { get; init; }
}

/// <summary>An EBS block device mapping.</summary>
public sealed record BlockDevice(string DeviceName, int? VolumeSize, string? VolumeType, bool? Encrypted, string? KmsKeyId,
    bool? DeleteOnTermination, int? Iops, int? Throughput);

/// <summary>The tags a TagSpecification gives resources of one type.</summary>
public sealed record TypedTags(string ResourceType, IReadOnlyList<Ec2Tag> Tags);

/// <summary>A volume's attachment to an instance; detaching and detached follow from <see cref="DetachTime"/>.</summary>
public sealed record VolumeAttachment(string InstanceId, string Device, DateTimeOffset AttachTime, bool DeleteOnTermination)
{
    /// <summary>When DetachVolume (or termination) began; null while attached.</summary>
    public DateTimeOffset? DetachTime { get; init; }
}

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// What the simulated Karpenter asks of AWS, behind one seam: resolving a node class's selectors, launching and
/// terminating instances, and reading the interruption queue. The real implementation calls the emulator's EC2 and SQS
/// APIs with Karpenter's IRSA credentials (so its policy decides); tests substitute an in-memory one.
/// </summary>
public interface IKarpenterCloud
{
    /// <summary>The subnets, security groups and AMI a node class's selectors find (DescribeSubnets, DescribeSecurityGroups, SSM/DescribeImages).</summary>
    Task<NodeClassResolution> ResolveNodeClassAsync(NodeClassSelectors selectors, CancellationToken cancellationToken);

    /// <summary>Launches one instance for a claim (CreateFleet, instant) and returns it.</summary>
    Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Terminates an instance (TerminateInstances); one already gone is not an error.</summary>
    Task TerminateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Receives up to ten messages from the interruption queue (none when it has no queue).</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveInterruptionsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a handled message.</summary>
    Task DeleteInterruptionAsync(string receiptHandle, CancellationToken cancellationToken);
}

/// <summary>An EC2NodeClass's selectors as the cloud needs them.</summary>
/// <param name="AmiAlias">The alias, <c>al2023@v…</c>.</param>
/// <param name="SubnetTags">Tags a subnet must carry (any term).</param>
/// <param name="SecurityGroupTags">Tags a security group must carry (any term).</param>
public sealed record NodeClassSelectors(string AmiAlias, IReadOnlyList<IReadOnlyDictionary<string, string>> SubnetTags, IReadOnlyList<IReadOnlyDictionary<string, string>> SecurityGroupTags);

/// <summary>What a node class resolved to.</summary>
/// <param name="Subnets">Subnets: id and zone.</param>
/// <param name="SecurityGroups">Security groups: id and name.</param>
/// <param name="Amis">AMIs with the requirements an instance type must meet to boot each (an alias gives one per variant).</param>
public sealed record NodeClassResolution(IReadOnlyList<(string Id, string Zone)> Subnets, IReadOnlyList<(string Id, string Name)> SecurityGroups, IReadOnlyList<ResolvedAmi> Amis);

/// <summary>One instance to launch.</summary>
/// <param name="ClaimName">The NodeClaim's name (tag <c>karpenter.sh/nodeclaim</c>).</param>
/// <param name="PoolName">Its NodePool (tag <c>karpenter.sh/nodepool</c>).</param>
/// <param name="NodeClassName">Its EC2NodeClass (tag <c>karpenter.k8s.aws/ec2nodeclass</c>).</param>
/// <param name="InstanceType">The type.</param>
/// <param name="CapacityType"><c>spot</c> or <c>on-demand</c>.</param>
/// <param name="SubnetId">The private subnet.</param>
/// <param name="SecurityGroupIds">The security groups.</param>
/// <param name="ImageId">The AMI, the one of the node class's whose requirements the instance type meets.</param>
/// <param name="Tags">Every tag the instance gets (the node class's and Karpenter's).</param>
/// <param name="InstanceProfile">The instance profile that hands the node its role (null: none).</param>
/// <param name="BlockDevices">The node class's block device mappings (null or empty: the AMI's).</param>
public sealed record LaunchRequest(
    string ClaimName, string PoolName, string NodeClassName, string InstanceType, string CapacityType, string SubnetId,
    IReadOnlyList<string> SecurityGroupIds, string ImageId, IReadOnlyDictionary<string, string> Tags,
    string? InstanceProfile = null, IReadOnlyList<BlockDeviceRequest>? BlockDevices = null);

/// <summary>One of an EC2NodeClass's <c>blockDeviceMappings</c>, as a launch template carries it.</summary>
/// <param name="DeviceName">The device (<c>/dev/xvda</c>).</param>
/// <param name="VolumeSizeGiB">Its size in GiB, or null for the snapshot's.</param>
/// <param name="VolumeType"><c>gp3</c>, …, or null.</param>
/// <param name="Encrypted">Whether it is encrypted, or null for the account default.</param>
/// <param name="KmsKeyId">The KMS key, or null for EBS's default key.</param>
/// <param name="DeleteOnTermination">Whether it goes with the instance (Karpenter's default: true).</param>
public sealed record BlockDeviceRequest(string DeviceName, int? VolumeSizeGiB, string? VolumeType, bool? Encrypted, string? KmsKeyId, bool DeleteOnTermination);

/// <summary>A launched instance.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="Zone">Its availability zone.</param>
/// <param name="PrivateDnsName">Its private DNS name (the Node's name).</param>
/// <param name="PrivateIp">Its private address.</param>
public sealed record LaunchedInstance(string InstanceId, string Zone, string PrivateDnsName, string PrivateIp);

/// <summary>A queue message.</summary>
/// <param name="ReceiptHandle">The handle to delete it with.</param>
/// <param name="Body">Its body (an EventBridge envelope).</param>
public sealed record QueueMessage(string ReceiptHandle, string Body);

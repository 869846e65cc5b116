using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// EC2 (ec2 protocol: form-encoded <c>Action</c>/<c>Version=2016-11-15</c>, XML answers): the region's availability
/// zones, networking, EBS volumes and their attachments, instance types, the EKS-optimized images, launch templates,
/// and instances (RunInstances, instant fleets) whose lifecycle runs on the emulator's clock, all durable. Every action is authorized with EC2's action names,
/// resources and condition keys, so least-privilege roles (EBS CSI driver, VPC CNI, Karpenter) are held to their
/// policies; denials are 403 <c>UnauthorizedOperation</c>. Any other action is authorized, then answered with
/// <c>InvalidAction</c> as EC2 answers actions it does not know.
/// </summary>
public sealed partial class Ec2Service : IAwsService
{
    private readonly Instances.InstanceLifecycle lifecycle;

    /// <summary>
    /// The service over the shared state. Instance state changes go to <paramref name="instanceEvents"/> (none by
    /// default); launches find instance profiles in <paramref name="instanceProfiles"/> (by default, IAM's).
    /// </summary>
    public Ec2Service(EmulatorState state, Instances.IInstanceEvents? instanceEvents = null, Instances.IInstanceProfiles? instanceProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new Ec2Store(state.Store);
        var network = new Network.NetworkStore(state.Store);
        Subnets = new Network.SubnetLookup(network);
        ClusterSecurityGroups = new Network.ClusterSecurityGroups(network);
        var keys = new VolumeKeys(new Kms.KmsKeys(state));
        var templates = new Instances.LaunchTemplateOperations(store);
        lifecycle = new Instances.InstanceLifecycle(state.Time, instanceEvents ?? Instances.NoInstanceEvents.Instance);
        var launcher = new Instances.InstanceLauncher(store, network, templates, instanceProfiles ?? new Instances.IamInstanceProfiles(state.Iam),
            Capacity, lifecycle, keys);
        Operations = new OperationTable()
            .AddGroup(new Ec2DescribeOperations())
            .AddGroup(new Instances.InstanceTypeOperations(Capacity))
            .AddGroup(new Instances.ImageOperations())
            .AddGroup(templates)
            .AddGroup(new Instances.InstanceOperations(store, launcher, lifecycle))
            .AddGroup(new Instances.InstanceDescribeOperations(store))
            .AddGroup(new Instances.FleetOperations(launcher))
            .AddGroup(new Instances.VolumeAttachmentOperations(store))
            .AddGroup(new Network.VpcOperations(network))
            .AddGroup(new Network.SubnetOperations(network))
            .AddGroup(new Network.InternetGatewayOperations(network))
            .AddGroup(new Network.RouteTableOperations(network))
            .AddGroup(new Network.SecurityGroupOperations(network))
            .AddGroup(new Network.SecurityGroupRuleOperations(network))
            .AddGroup(new Network.AddressOperations(network))
            .AddGroup(new Network.NatGatewayOperations(network))
            .AddGroup(new Network.VpcEndpointOperations(network))
            .AddGroup(new VolumeOperations(store, keys))
            .AddGroup(new Ec2TagOperations(store, new Network.NetworkTagTargets(network)))
            .Freeze();
    }

    /// <summary>Which offerings have capacity: mark one unavailable to see launches answer InsufficientInstanceCapacity.</summary>
    public Instances.InstanceCapacity Capacity { get; } = new();

    /// <summary>The subnets as EKS needs to see them (zone, VPC, public or private), read from EC2's tables.</summary>
    public ISubnetLookup Subnets { get; }

    /// <summary>The security groups EKS gives its clusters, written into EC2's table.</summary>
    public IClusterSecurityGroups ClusterSecurityGroups { get; }

    /// <inheritdoc />
    public string SigningName => "ec2";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Ec2;

    /// <inheritdoc />
    public string XmlNamespace => Ec2Response.Namespace;

    /// <inheritdoc />
    public string AccessDeniedCode => "UnauthorizedOperation";

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        var action = context.Query.Action;
        if (string.IsNullOrEmpty(action)) throw Ec2Errors.MissingAction();
        // Instance changes the clock has reached are reported before the request sees them.
        lifecycle.CatchUp();
        return Operations.Find(action) ?? Unimplemented(action);
    }

    /// <summary>
    /// Asks the policy engine; a denial is EC2's UnauthorizedOperation with IAM's sentence after "You are not authorized
    /// to perform this operation." and an encoded message naming the request.
    /// </summary>
    public void Authorize(AwsRequestContext context, AccessDemand demand)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(demand);
        var access = demand.Access;
        var result = context.Check(demand.Action, access.Resource, access.ResourcePolicy, access.ResourceAccount, access.ContextKeys);
        if (!result.Allowed) throw demand.OnDenied?.Invoke() ?? Ec2Errors.Unauthorized(result.Message, context.RequestId);
    }

    /// <summary>
    /// EC2 authorizes the actions it does not implement too (a denied caller learns nothing), then refuses them: an
    /// operation made for the request, declared with <c>ec2:&lt;action&gt;</c> on <c>*</c>, whose handler answers InvalidAction.
    /// </summary>
    private static AwsOperation Unimplemented(string action) =>
        WellFormedAction().IsMatch(action)
            ? AwsOperation.Authorized(action, "ec2:" + action, _ => OperationCall.On(Access.Any, () => throw Ec2Errors.InvalidAction(action)))
            : throw Ec2Errors.InvalidAction(action);

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,127}$")]
    private static partial Regex WellFormedAction();
}

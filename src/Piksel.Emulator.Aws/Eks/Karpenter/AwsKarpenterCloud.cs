using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Controllers;
using static Piksel.Emulator.Aws.Eks.Karpenter.KarpenterAws;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Karpenter's AWS side over HTTP, as the controller's pod reaches it with its IRSA session (<see cref="KarpenterAws"/>),
/// so Karpenter's IAM policy decides what it may do: node classes resolve through DescribeSubnets,
/// DescribeSecurityGroups and the AMI's SSM parameter; a claim launches as Karpenter launches it, a launch template per
/// node class configuration (<c>karpenter.k8s.aws/&lt;hash&gt;</c>, tagged for the cluster) and an instant CreateFleet
/// over it; interruptions are read from the queue <see cref="InterruptionQueue"/> names.
/// </summary>
public sealed class AwsKarpenterCloud : IKarpenterCloud, IDisposable
{
    private readonly ControllerContext context;
    private readonly KarpenterAws aws;
    private readonly string queueName;
    private readonly ConcurrentDictionary<string, bool> templates = new(StringComparer.Ordinal);
    private string? queueUrl;

    /// <summary>The cloud of the cluster <paramref name="context"/> runs, at the AWS endpoint <paramref name="endpoint"/>, reading <paramref name="queueName"/>.</summary>
    public AwsKarpenterCloud(ControllerContext context, Uri endpoint, string queueName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        this.context = context;
        this.queueName = queueName;
        aws = new KarpenterAws(context, endpoint);
    }

    /// <inheritdoc />
    public async Task<NodeClassResolution> ResolveNodeClassAsync(NodeClassSelectors selectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        var subnets = new List<(string, string)>();
        foreach (var term in selectors.SubnetTags)
        {
            var xml = await aws.Ec2Async("DescribeSubnets", TagFilters(term), cancellationToken);
            subnets.AddRange(Items(xml, "subnetSet").Select(s => (Child(s, "subnetId"), Child(s, "availabilityZone"))));
        }
        var groups = new List<(string, string)>();
        foreach (var term in selectors.SecurityGroupTags)
        {
            var xml = await aws.Ec2Async("DescribeSecurityGroups", TagFilters(term), cancellationToken);
            groups.AddRange(Items(xml, "securityGroupInfo").Select(g => (Child(g, "groupId"), Child(g, "groupName"))));
        }
        var amis = await AmisAsync(selectors.AmiAlias, cancellationToken);
        return new NodeClassResolution([.. subnets.Distinct()], [.. groups.Distinct()], amis);
    }

    /// <inheritdoc />
    public async Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // What every claim of this configuration shares goes on the template; what names this claim goes on the fleet.
        var shared = request.Tags.Where(t => t.Key is not ("karpenter.sh/nodeclaim" or "Name")).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var template = await EnsureTemplateAsync(request, shared, cancellationToken);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Type"] = "instant",
            ["TargetCapacitySpecification.TotalTargetCapacity"] = "1",
            ["TargetCapacitySpecification.DefaultTargetCapacityType"] = request.CapacityType,
            ["LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName"] = template,
            ["LaunchTemplateConfigs.1.LaunchTemplateSpecification.Version"] = "$Latest",
            ["LaunchTemplateConfigs.1.Overrides.1.InstanceType"] = request.InstanceType,
            ["LaunchTemplateConfigs.1.Overrides.1.SubnetId"] = request.SubnetId,
        };
        AddTags(parameters, "TagSpecification.1", "fleet", shared);
        AddTags(parameters, "TagSpecification.2", "instance", request.Tags);
        XDocument xml;
        try
        {
            xml = await aws.Ec2Async("CreateFleet", parameters, cancellationToken);
        }
        catch (ProviderException e) when (e.Code is "InvalidLaunchTemplateName.NotFoundException" or "InvalidLaunchTemplateId.NotFound")
        {
            // Someone deleted the template: make it again on the next launch.
            templates.TryRemove(template, out _);
            throw;
        }
        var instanceId = Items(xml, "fleetInstanceSet").SelectMany(i => Items(i, "instanceIds")).Select(i => i.Value).FirstOrDefault();
        if (instanceId is null)
        {
            // An instant fleet that launched nothing says why per offering (InsufficientInstanceCapacity, …).
            var error = Items(xml, "errorSet").FirstOrDefault();
            var code = error is null ? "UnfulfillableCapacity" : Child(error, "errorCode");
            throw new ProviderException($"EC2 CreateFleet: {code}: {(error is null ? "the fleet launched no instance" : Child(error, "errorMessage"))}", code);
        }
        // CreateFleet answers ids only; Karpenter reads the instance's zone and addresses back, as here.
        var described = await aws.Ec2Async("DescribeInstances", new Dictionary<string, string> { ["InstanceId.1"] = instanceId }, cancellationToken);
        var instance = described.Descendants(Ec2Ns + "instancesSet").Elements(Ec2Ns + "item").FirstOrDefault()
            ?? throw new ProviderException($"EC2 DescribeInstances: instance {instanceId} launched by CreateFleet is not described", "InvalidInstanceID.NotFound");
        return new LaunchedInstance(instanceId, instance.Element(Ec2Ns + "placement")?.Element(Ec2Ns + "availabilityZone")?.Value ?? "",
            Child(instance, "privateDnsName"), Child(instance, "privateIpAddress"));
    }

    /// <inheritdoc />
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await aws.Ec2Async("TerminateInstances", new Dictionary<string, string> { ["InstanceId.1"] = instanceId }, cancellationToken);
        }
        catch (ProviderException e) when (e.Code == "InvalidInstanceID.NotFound")
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueMessage>> ReceiveInterruptionsAsync(CancellationToken cancellationToken)
    {
        // Without its service account Karpenter is not installed; without its queue, interruption handling idles.
        if (!aws.HasServiceAccount) return [];
        if (queueUrl is null)
        {
            try
            {
                queueUrl = (await aws.JsonAsync("sqs", "AmazonSQS.GetQueueUrl", "1.0", new JsonObject { ["QueueName"] = queueName }, cancellationToken))["QueueUrl"]?.GetValue<string>();
            }
            catch (ProviderException e) when (e.Code is "QueueDoesNotExist" or "AWS.SimpleQueueService.NonExistentQueue")
            {
                return [];
            }
            if (queueUrl is null) return [];
        }
        var response = await aws.JsonAsync("sqs", "AmazonSQS.ReceiveMessage", "1.0",
            new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10, ["WaitTimeSeconds"] = 20 }, cancellationToken);
        return [.. (response["Messages"] as JsonArray ?? []).Select(m => new QueueMessage(m?["ReceiptHandle"]?.GetValue<string>() ?? "", m?["Body"]?.GetValue<string>() ?? ""))];
    }

    /// <inheritdoc />
    public async Task DeleteInterruptionAsync(string receiptHandle, CancellationToken cancellationToken) =>
        await aws.JsonAsync("sqs", "AmazonSQS.DeleteMessage", "1.0", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = receiptHandle }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => aws.Dispose();

    /// <summary>
    /// The launch template of the request's configuration (AMI, security groups, instance profile, root volumes, shared
    /// tags), named by a hash of it as Karpenter names its templates, created once and reused by later claims.
    /// </summary>
    private async Task<string> EnsureTemplateAsync(LaunchRequest request, List<KeyValuePair<string, string>> shared, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LaunchTemplateData.ImageId"] = request.ImageId,
            // IMDSv2 only, one hop: pods cannot reach the node's credentials (Karpenter's default metadataOptions).
            ["LaunchTemplateData.MetadataOptions.HttpTokens"] = "required",
            ["LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit"] = "1",
        };
        for (var i = 0; i < request.SecurityGroupIds.Count; i++) data[$"LaunchTemplateData.SecurityGroupId.{N(i + 1)}"] = request.SecurityGroupIds[i];
        if (request.InstanceProfile is { Length: > 0 } profile) data["LaunchTemplateData.IamInstanceProfile.Name"] = profile;
        var devices = request.BlockDevices ?? [];
        for (var i = 0; i < devices.Count; i++)
        {
            var head = $"LaunchTemplateData.BlockDeviceMapping.{N(i + 1)}.";
            var d = devices[i];
            data[head + "DeviceName"] = d.DeviceName;
            if (d.VolumeSizeGiB is { } size) data[head + "Ebs.VolumeSize"] = N(size);
            if (d.VolumeType is { } type) data[head + "Ebs.VolumeType"] = type;
            if (d.Encrypted is { } encrypted) data[head + "Ebs.Encrypted"] = encrypted ? "true" : "false";
            if (d.KmsKeyId is { } key) data[head + "Ebs.KmsKeyId"] = key;
            data[head + "Ebs.DeleteOnTermination"] = d.DeleteOnTermination ? "true" : "false";
        }
        var spec = 1;
        foreach (var resourceType in new[] { "instance", "volume", "network-interface" })
            AddTags(data, $"LaunchTemplateData.TagSpecification.{N(spec++)}", resourceType, shared);
        var fingerprint = string.Join('\n', data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var name = "karpenter.k8s.aws/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..16];
        if (templates.ContainsKey(name)) return name;
        var parameters = new Dictionary<string, string>(data, StringComparer.Ordinal) { ["LaunchTemplateName"] = name };
        var cluster = context.Options.ClusterName;
        AddTags(parameters, "TagSpecification.1", "launch-template",
            [new("karpenter.sh/discovery", cluster), new("karpenter.k8s.aws/cluster", cluster), new("karpenter.k8s.aws/ec2nodeclass", request.NodeClassName)]);
        try
        {
            await aws.Ec2Async("CreateLaunchTemplate", parameters, cancellationToken);
        }
        catch (ProviderException e) when (e.Code == "InvalidLaunchTemplateName.AlreadyExistsException")
        {
            // Made by an earlier run of the controller: the name is the configuration, so it is this one.
        }
        templates[name] = true;
        return name;
    }

    /// <summary>
    /// The variants an AL2023 alias resolves to, as Karpenter's AL2023 family lists them (its neuron variant is left out:
    /// the emulator's SSM publishes no neuron image, and no type of its table has an accelerator).
    /// </summary>
    private static readonly (string Architecture, string Variant)[] Al2023Variants = [("x86_64", "standard"), ("arm64", "standard"), ("x86_64", "nvidia")];

    /// <summary>
    /// The AMIs of an AL2023 alias, one per variant, each from the SSM parameter the EKS-optimized AMIs publish (pinned
    /// release or latest) and with the requirements that pick it for an instance type; a variant whose parameter is
    /// missing is left out.
    /// </summary>
    private async Task<List<ResolvedAmi>> AmisAsync(string alias, CancellationToken cancellationToken)
    {
        var amis = new List<ResolvedAmi>();
        if (!alias.StartsWith("al2023@", StringComparison.Ordinal)) return amis;
        var version = alias["al2023@".Length..];
        var k8s = context.Options.KubernetesVersion;
        foreach (var (architecture, variant) in Al2023Variants)
        {
            var prefix = $"/aws/service/eks/optimized-ami/{k8s}/amazon-linux-2023/{architecture}/{variant}";
            var imageName = $"amazon-eks-node-al2023-{architecture}-{variant}-{k8s}-{version}";
            var name = version == "latest" ? $"{prefix}/recommended/image_id" : $"{prefix}/{imageName}/image_id";
            JsonObject response;
            try
            {
                response = await aws.JsonAsync("ssm", "AmazonSSM.GetParameter", "1.1", new JsonObject { ["Name"] = name }, cancellationToken);
            }
            catch (ProviderException e) when (e.Code == "ParameterNotFound")
            {
                // A release AWS does not publish for this variant: with none found the node class says AMINotFound.
                continue;
            }
            if (response["Parameter"]?["Value"]?.GetValue<string>() is { Length: > 0 } id) amis.Add(ResolvedAmi.Al2023(id, imageName, architecture, variant));
        }
        return amis;
    }

    private static void AddTags(Dictionary<string, string> parameters, string head, string resourceType, IEnumerable<KeyValuePair<string, string>> tags)
    {
        parameters[head + ".ResourceType"] = resourceType;
        var n = 1;
        foreach (var (key, value) in tags)
        {
            parameters[$"{head}.Tag.{N(n)}.Key"] = key;
            parameters[$"{head}.Tag.{N(n)}.Value"] = value;
            n++;
        }
    }

    private static Dictionary<string, string> TagFilters(IReadOnlyDictionary<string, string> tags)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 1;
        foreach (var (key, value) in tags)
        {
            // A value of * matches any value: the filter is then on the key alone.
            if (value == "*") { parameters[$"Filter.{N(n)}.Name"] = "tag-key"; parameters[$"Filter.{N(n)}.Value.1"] = key; }
            else { parameters[$"Filter.{N(n)}.Name"] = $"tag:{key}"; parameters[$"Filter.{N(n)}.Value.1"] = value; }
            n++;
        }
        return parameters;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}

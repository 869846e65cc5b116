using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// Karpenter's AWS side over HTTP, as the controller's pod reaches it: a token for the <c>karpenter/karpenter</c>
/// service account exchanged for its IRSA role's session (AssumeRoleWithWebIdentity), then SigV4-signed EC2 (query
/// protocol), SSM and SQS (JSON protocols) calls, so Karpenter's IAM policy decides what it may do.
/// </summary>
public sealed class AwsKarpenterCloud : IKarpenterCloud, IDisposable
{
    private static readonly XNamespace Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static readonly JsonObject KarpenterAccount = new() { ["name"] = "karpenter", ["namespace"] = "karpenter" };
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ControllerContext context;
    private readonly Uri endpoint;
    private readonly string queueName;
    private readonly ProviderClient provider;
    private readonly OperatorCredentials credentials;
    private string? queueUrl;

    /// <summary>The cloud of the cluster <paramref name="context"/> runs, at the AWS endpoint <paramref name="endpoint"/>, reading <paramref name="queueName"/>.</summary>
    public AwsKarpenterCloud(ControllerContext context, Uri endpoint, string queueName)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        this.endpoint = endpoint;
        this.queueName = queueName;
        provider = new ProviderClient(http, endpoint, context.Time);
        credentials = new OperatorCredentials(context.Client, provider, context.Time);
    }

    private string Region => context.Options.Region;

    /// <inheritdoc />
    public async Task<NodeClassResolution> ResolveNodeClassAsync(NodeClassSelectors selectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        var subnets = new List<(string, string)>();
        foreach (var term in selectors.SubnetTags)
        {
            var xml = await Ec2Async("DescribeSubnets", TagFilters(term), cancellationToken);
            subnets.AddRange(Items(xml, "subnetSet").Select(s => (Child(s, "subnetId"), Child(s, "availabilityZone"))));
        }
        var groups = new List<(string, string)>();
        foreach (var term in selectors.SecurityGroupTags)
        {
            var xml = await Ec2Async("DescribeSecurityGroups", TagFilters(term), cancellationToken);
            groups.AddRange(Items(xml, "securityGroupInfo").Select(g => (Child(g, "groupId"), Child(g, "groupName"))));
        }
        var amis = new List<(string, string)>();
        if (await AmiAsync(selectors.AmiAlias, cancellationToken) is { } ami) amis.Add(ami);
        return new NodeClassResolution([.. subnets.Distinct()], [.. groups.Distinct()], amis);
    }

    /// <inheritdoc />
    public async Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ImageId"] = request.ImageId,
            ["InstanceType"] = request.InstanceType,
            ["MinCount"] = "1",
            ["MaxCount"] = "1",
            ["SubnetId"] = request.SubnetId,
            ["MetadataOptions.HttpTokens"] = "required",
        };
        for (var i = 0; i < request.SecurityGroupIds.Count; i++) parameters[$"SecurityGroupId.{i + 1}"] = request.SecurityGroupIds[i];
        if (request.CapacityType == "spot") parameters["InstanceMarketOptions.MarketType"] = "spot";
        var spec = 1;
        foreach (var resourceType in new[] { "instance", "volume" })
        {
            parameters[$"TagSpecification.{spec}.ResourceType"] = resourceType;
            var n = 1;
            foreach (var (key, value) in request.Tags)
            {
                parameters[$"TagSpecification.{spec}.Tag.{n}.Key"] = key;
                parameters[$"TagSpecification.{spec}.Tag.{n}.Value"] = value;
                n++;
            }
            spec++;
        }
        var xml = await Ec2Async("RunInstances", parameters, cancellationToken);
        var instance = Items(xml, "instancesSet").FirstOrDefault() ?? throw new InvalidOperationException("RunInstances returned no instance");
        return new LaunchedInstance(Child(instance, "instanceId"), instance.Element(Ec2Ns + "placement")?.Element(Ec2Ns + "availabilityZone")?.Value ?? "",
            Child(instance, "privateDnsName"), Child(instance, "privateIpAddress"));
    }

    /// <inheritdoc />
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await Ec2Async("TerminateInstances", new Dictionary<string, string> { ["InstanceId.1"] = instanceId }, cancellationToken);
        }
        catch (ProviderException e) when (e.Code == "InvalidInstanceID.NotFound")
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueMessage>> ReceiveInterruptionsAsync(CancellationToken cancellationToken)
    {
        queueUrl ??= (await JsonAsync("sqs", "AmazonSQS.GetQueueUrl", "1.0", new JsonObject { ["QueueName"] = queueName }, cancellationToken))["QueueUrl"]?.GetValue<string>();
        var response = await JsonAsync("sqs", "AmazonSQS.ReceiveMessage", "1.0",
            new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10, ["WaitTimeSeconds"] = 20 }, cancellationToken);
        return [.. (response["Messages"] as JsonArray ?? []).Select(m => new QueueMessage(m?["ReceiptHandle"]?.GetValue<string>() ?? "", m?["Body"]?.GetValue<string>() ?? ""))];
    }

    /// <inheritdoc />
    public async Task DeleteInterruptionAsync(string receiptHandle, CancellationToken cancellationToken) =>
        await JsonAsync("sqs", "AmazonSQS.DeleteMessage", "1.0", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = receiptHandle }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>The AMI of an AL2023 alias, from the SSM parameter the EKS-optimized AMIs publish (pinned version or latest).</summary>
    private async Task<(string, string)?> AmiAsync(string alias, CancellationToken cancellationToken)
    {
        if (!alias.StartsWith("al2023@", StringComparison.Ordinal)) return null;
        var version = alias["al2023@".Length..];
        var k8s = context.Options.KubernetesVersion;
        var prefix = $"/aws/service/eks/optimized-ami/{k8s}/amazon-linux-2023/x86_64/standard";
        var name = version == "latest" ? $"{prefix}/recommended/image_id" : $"{prefix}/amazon-eks-node-al2023-x86_64-standard-{k8s}-{version}/image_id";
        var response = await JsonAsync("ssm", "AmazonSSM.GetParameter", "1.1", new JsonObject { ["Name"] = name }, cancellationToken);
        return response["Parameter"]?["Value"]?.GetValue<string>() is { Length: > 0 } id ? (id, $"amazon-eks-node-al2023-x86_64-standard-{k8s}-{version}") : null;
    }

    private static Dictionary<string, string> TagFilters(IReadOnlyDictionary<string, string> tags)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 1;
        foreach (var (key, value) in tags)
        {
            // A value of * matches any value: the filter is then on the key alone.
            if (value == "*") { parameters[$"Filter.{n}.Name"] = "tag-key"; parameters[$"Filter.{n}.Value.1"] = key; }
            else { parameters[$"Filter.{n}.Name"] = $"tag:{key}"; parameters[$"Filter.{n}.Value.1"] = value; }
            n++;
        }
        return parameters;
    }

    private async Task<XDocument> Ec2Async(string action, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["Action"] = action, ["Version"] = "2016-11-15" };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        var text = await SendAsync(request, body, "ec2", cancellationToken);
        var xml = XDocument.Parse(text.Body);
        if (!text.Ok)
        {
            var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            throw new ProviderException($"EC2 {action}: {code}: {error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value}", code);
        }
        return xml;
    }

    private async Task<JsonObject> JsonAsync(string service, string target, string jsonVersion, JsonObject input, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/x-amz-json-{jsonVersion}");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var (ok, text) = await SendAsync(request, body, service, cancellationToken);
        var json = JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? [];
        if (!ok)
        {
            var type = json["__type"]?.GetValue<string>() ?? "UnknownError";
            var code = type[(type.LastIndexOf('#') + 1)..];
            throw new ProviderException($"{target}: {code}: {(json["message"] ?? json["Message"])?.GetValue<string>()}", code);
        }
        return json;
    }

    private async Task<(bool Ok, string Body)> SendAsync(HttpRequestMessage request, byte[] body, string service, CancellationToken cancellationToken)
    {
        var (_, session) = await credentials.GetAsync("karpenter", KarpenterAccount, cancellationToken);
        SigV4Signer.Sign(request, body, session, Region, service, context.Time.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static IEnumerable<XElement> Items(XDocument xml, string set) =>
        xml.Descendants(Ec2Ns + set).Take(1).Elements(Ec2Ns + "item");

    private static string Child(XElement parent, string name) => parent.Element(Ec2Ns + name)?.Value ?? "";
}

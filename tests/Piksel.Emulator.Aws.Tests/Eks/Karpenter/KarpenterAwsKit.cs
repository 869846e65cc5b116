using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Aws;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// An EKS cluster from the emulator's API with what the platform installs for Karpenter: its service account bound by
/// IRSA to a role with the platform's Karpenter policy (for this cluster, its queue and its node role), the node role's
/// instance profile, private subnets and a security group tagged for discovery, the interruption queue, and a node
/// class selecting them. The cluster's own Karpenter (wired by EKS) then acts on EC2 with that role.
/// </summary>
internal sealed class KarpenterAwsKit : IDisposable
{
    private KarpenterAwsKit(string cluster, string nodeRole, string queueUrl, EksNetworkKit.TestNetwork network, k8s.Kubernetes kube, AmazonEC2Client ec2)
    {
        Cluster = cluster;
        NodeRole = nodeRole;
        QueueUrl = queueUrl;
        Network = network;
        Kube = kube;
        Ec2 = ec2;
    }

    public string Cluster { get; }
    public string NodeRole { get; }
    public string QueueUrl { get; }
    public EksNetworkKit.TestNetwork Network { get; }
    public k8s.Kubernetes Kube { get; }
    /// <summary>EC2 as the account's root, to see what Karpenter launched.</summary>
    public AmazonEC2Client Ec2 { get; }

    /// <summary>Makes the cluster and installs Karpenter's side; <paramref name="policyCluster"/> is the cluster its policy names (a stranger's to see it refused).</summary>
    public static async Task<KarpenterAwsKit> StartAsync(EmulatorFixture fixture, Func<string, string>? policyCluster = null)
    {
        var endpoint = Endpoint(fixture);
        using var iam = NewIam(endpoint, fixture.RootCredentials);
        using var eks = NewEks(endpoint, fixture.RootCredentials);
        var network = await EksNetworkKit.NetworkAsync(endpoint, withPublic: true);
        // Named as the platform names clusters, so Karpenter finds its queue by the platform's convention.
        var prefix = Unique("kp");
        var cluster = prefix + "-cluster";
        var queue = prefix + "-karpenter-interruption";
        var nodeRole = prefix + "-node";
        var ec2 = new AmazonEC2Client(fixture.RootCredentials, new AmazonEC2Config { ServiceURL = endpoint.ToString().TrimEnd('/'), AuthenticationRegion = EksTestKit.Region, MaxErrorRetry = 0 });
        var group = (await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = prefix + "-nodes", Description = "nodes", VpcId = network.VpcId }, Ct)).GroupId;
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [.. network.PrivateSubnets, group], Tags = [new("karpenter.sh/discovery", cluster)] }, Ct);

        var info = await ActiveClusterAsync(eks, cluster, await ClusterRoleAsync(iam, prefix + "-eks"), r => r with { SubnetIds = [.. network.PrivateSubnets] });
        var hostPath = info.OidcIssuer!["https://".Length..];
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = info.OidcIssuer!, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{hostPath}}:sub":"system:serviceaccount:karpenter:karpenter","{{hostPath}}:aud":"sts.amazonaws.com"} } }]}
            """;
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = prefix + "-karpenter", AssumeRolePolicyDocument = trust }, Ct);
        await iam.PutRolePolicyAsync(role.RoleName, "karpenter", Policy((policyCluster ?? (c => c))(cluster), queue, nodeRole), Ct);
        const string ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = nodeRole, AssumeRolePolicyDocument = ec2Trust }, Ct);
        using (var profiles = new InstanceProfileClient(Options(endpoint, fixture.RootCredentials)))
        {
            await profiles.CreateAsync(nodeRole, cancellationToken: Ct);
            await profiles.AddRoleAsync(nodeRole, nodeRole, Ct);
        }
        using var sqs = new Piksel.Platform.Aws.Sqs.SqsClient(Options(endpoint, fixture.RootCredentials));
        var queueUrl = await sqs.CreateQueueAsync(queue, cancellationToken: Ct);

        var kube = Kube(info, await TokenAsync(endpoint, fixture.RootCredentials, cluster));
        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "karpenter" } }, cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta { Name = "karpenter", Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = role.Arn } },
        }, "karpenter", cancellationToken: Ct);
        var kit = new KarpenterAwsKit(cluster, nodeRole, queueUrl, network, kube, ec2);
        await kit.CreateAsync(kit.NodeClass("default", new JsonObject { ["karpenter.sh/discovery"] = cluster }), "karpenter.k8s.aws", "ec2nodeclasses");
        await kit.CreateAsync(KarpenterObjects.DefaultPool(), "karpenter.sh", "nodepools");
        return kit;
    }

    /// <summary>An EC2NodeClass of the platform's shape selecting subnets by <paramref name="subnetTags"/> and the cluster's security group.</summary>
    public JsonObject NodeClass(string name, JsonObject subnetTags) => new()
    {
        ["apiVersion"] = "karpenter.k8s.aws/v1",
        ["kind"] = "EC2NodeClass",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["amiSelectorTerms"] = new JsonArray(new JsonObject { ["alias"] = KarpenterDefinitionAlias }),
            ["role"] = NodeRole,
            ["subnetSelectorTerms"] = new JsonArray(new JsonObject { ["tags"] = subnetTags }),
            ["securityGroupSelectorTerms"] = new JsonArray(new JsonObject { ["tags"] = new JsonObject { ["karpenter.sh/discovery"] = Cluster } }),
            ["blockDeviceMappings"] = JsonNode.Parse("""[{"deviceName":"/dev/xvda","rootVolume":true,"ebs":{"volumeSize":"120Gi","volumeType":"gp3","encrypted":true}}]"""),
        },
    };

    /// <summary>The alias the platform's node classes pin.</summary>
    public const string KarpenterDefinitionAlias = "al2023@v20260403";

    /// <summary>A Deployment <paramref name="name"/> of one pod requesting <paramref name="cpu"/> CPUs, in <c>default</c>.</summary>
    public Task CreateDeploymentAsync(string name, string cpu) => Kube.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container
                    {
                        Name = "main", Image = "busybox",
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("256Mi") } },
                    }],
                },
            },
        },
    }, "default", cancellationToken: Ct);

    public Task CreateAsync(JsonObject obj, string group, string plural) =>
        Kube.CustomObjects.CreateClusterCustomObjectAsync(obj, group, "v1", plural, cancellationToken: Ct);

    /// <summary>The instances tagged with <paramref name="key"/>=<paramref name="value"/>, not terminated.</summary>
    public async Task<List<Amazon.EC2.Model.Instance>> InstancesAsync(string key, string value) =>
        [.. (await Ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter($"tag:{key}", [value]), new Filter("instance-state-name", ["pending", "running"])],
        }, Ct)).Reservations?.SelectMany(r => r.Instances) ?? []];

    public void Dispose()
    {
        Kube.Dispose();
        Ec2.Dispose();
    }

    /// <summary>The platform's Karpenter policy (local environment), turned to this cluster, queue and node role.</summary>
    private static string Policy(string cluster, string queue, string nodeRole)
    {
        var settings = EnvironmentSettingsLoader.Load(RepoEnv(), "local");
        var json = PikselPlatform.Define(settings).Resources.OfType<IamRole>().Single(r => r.InlinePolicies.ContainsKey("karpenter")).InlinePolicies["karpenter"].ToJson();
        return json.Replace("piksel-local-cluster", cluster, StringComparison.Ordinal)
            .Replace("piksel-local-karpenter-interruption", queue, StringComparison.Ordinal)
            .Replace("role/piksel-local-node", "role/" + nodeRole, StringComparison.Ordinal);
    }

    private static string RepoEnv()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Piksel.Platform.sln"))) directory = directory.Parent;
        return Path.Combine(directory!.FullName, "env");
    }
}

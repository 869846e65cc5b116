using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks.Volumes;

/// <summary>
/// A cluster from the EKS API with the aws-ebs-csi-driver add-on on an IRSA role holding AmazonEBSCSIDriverPolicy, a
/// platform-like KMS key, the StorageClass <c>gp3</c> encrypted with it, and an EC2-backed node: an instance run as the
/// account's root and registered as Karpenter or a node group would (providerID <c>aws:///zone/i-…</c>, zone label).
/// </summary>
internal sealed class EbsCsiCluster : IDisposable
{
    public const string EbsCsiPolicy = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
    public const string NodeName = "ip-10-0-1-10.ec2.internal";

    private EbsCsiCluster(EksCluster cluster, k8s.Kubernetes kube, AmazonEC2Client ec2, string roleArn, string keyArn, string instanceId, string zone)
    {
        Cluster = cluster;
        Kube = kube;
        Ec2 = ec2;
        RoleArn = roleArn;
        KeyArn = keyArn;
        InstanceId = instanceId;
        Zone = zone;
    }

    public EksCluster Cluster { get; }

    public k8s.Kubernetes Kube { get; }

    /// <summary>EC2 as the account's root.</summary>
    public AmazonEC2Client Ec2 { get; }

    public string RoleArn { get; }

    public string KeyArn { get; }

    public string InstanceId { get; }

    public string Zone { get; }

    public static async Task<EbsCsiCluster> StartAsync(EmulatorFixture fixture, string name)
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ActiveClusterAsync(eks, Unique(name), await ClusterRoleAsync(iam, Unique("eks-role")));
        var hostPath = cluster.OidcIssuer!["https://".Length..];
        var provider = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = cluster.OidcIssuer!, ClientIds = ["sts.amazonaws.com"] }, Ct);
        var trust = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{provider}}"},"Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"{{hostPath}}:sub":"system:serviceaccount:kube-system:ebs-csi-controller-sa","{{hostPath}}:aud":"sts.amazonaws.com"} } }]}
            """;
        var roleName = Unique("ebs-csi");
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = trust }, Ct);
        await iam.AttachRolePolicyAsync(roleName, EbsCsiPolicy, Ct);

        using var addons = new EksAddonClient(Options(Endpoint(fixture), fixture.RootCredentials));
        await addons.CreateAddonAsync(cluster.Name, new EksAddonRequest { AddonName = "aws-ebs-csi-driver", ServiceAccountRoleArn = role.Arn }, Ct);
        using var kms = new AmazonKeyManagementServiceClient(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>(EksTestKit.Region));
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "platform key" }, Ct)).KeyMetadata.Arn;

        var kube = Kube(cluster, await TokenAsync(Endpoint(fixture), fixture.RootCredentials, cluster.Name));
        await ExternalSecretsTestKit.EventuallyAsync(() => CsiDriverAsync(kube), found => found, Ct);
        await kube.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "gp3" },
            Provisioner = "ebs.csi.aws.com",
            Parameters = new Dictionary<string, string>
            {
                ["type"] = "gp3",
                ["encrypted"] = "true",
                ["kmsKeyId"] = key,
                ["csi.storage.k8s.io/fstype"] = "ext4",
                ["tagSpecification_1"] = "team=data",
            },
            VolumeBindingMode = "WaitForFirstConsumer",
            ReclaimPolicy = "Delete",
            AllowVolumeExpansion = true,
        }, cancellationToken: Ct);

        var ec2 = Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit.Client(fixture, region: EksTestKit.Region);
        var instance = Assert.Single((await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = EksOptimizedAmis.Find(EksOptimizedAmis.KubernetesVersions[^1], "x86_64", "standard")!.ImageId,
            InstanceType = InstanceType.M5Large,
            SubnetId = cluster.SubnetIds[0],
            MinCount = 1,
            MaxCount = 1,
        }, Ct)).Reservation.Instances);
        var zone = instance.Placement.AvailabilityZone;
        await RegisterNodeAsync(kube, NodeName, $"aws:///{zone}/{instance.InstanceId}", zone);
        return new EbsCsiCluster(cluster, kube, ec2, role.Arn, key, instance.InstanceId, zone);
    }

    /// <summary>Registers a Ready node with the zone label and, when given, a providerID, as its kubelet would.</summary>
    public static Task<V1Node> RegisterNodeAsync(k8s.Kubernetes kube, string name, string? providerId, string zone)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("8Gi"), ["pods"] = new("29") };
        return kube.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["topology.kubernetes.io/zone"] = zone },
            },
            Spec = new V1NodeSpec { ProviderID = providerId },
            Status = new V1NodeStatus
            {
                Allocatable = resources,
                Capacity = resources,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.1.10" }],
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady" }],
            },
        }, cancellationToken: Ct);
    }

    /// <summary>A claim of <paramref name="size"/> in class gp3 and a pod using it, pinned to <paramref name="nodeName"/>.</summary>
    public async Task ClaimAndPodAsync(string ns, string claim, string pod, string size, string nodeName)
    {
        await Kube.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = claim },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = "gp3",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
            },
        }, ns, cancellationToken: Ct);
        await Kube.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = pod },
            Spec = new V1PodSpec
            {
                NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = nodeName },
                Containers = [new V1Container { Name = "app", Image = "busybox:1.36", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] }],
                Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }],
            },
        }, ns, cancellationToken: Ct);
    }

    /// <summary>The EC2 volume made for <paramref name="volumeName"/> (by its CSIVolumeName tag), or null.</summary>
    public async Task<Volume?> VolumeAsync(string volumeName) =>
        (await Ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:CSIVolumeName", [volumeName])] }, Ct)).Volumes?.SingleOrDefault();

    private static async Task<bool> CsiDriverAsync(k8s.Kubernetes kube) =>
        (await kube.StorageV1.ListCSIDriverAsync(cancellationToken: Ct)).Items.Any(d => d.Metadata.Name == "ebs.csi.aws.com");

    public void Dispose()
    {
        Kube.Dispose();
        Ec2.Dispose();
    }
}

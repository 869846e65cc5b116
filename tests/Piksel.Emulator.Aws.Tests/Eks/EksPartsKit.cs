using Piksel.Emulator.Aws.Eks;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>What the add-on, Fargate and Pod Identity tests share: a cluster in a real network, the roles its parts name.</summary>
internal static class EksPartsKit
{
    public const string TrustFargate = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks-fargate-pods.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public const string TrustPods = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";

    /// <summary>Creates a cluster in two new private subnets without waiting for it (its parts need no running API server).</summary>
    public static async Task<EksCluster> ClusterAsync(EksClient eks, IamClient iam, string prefix, string? version = null)
    {
        var request = new CreateClusterRequest
        {
            Name = Unique(prefix),
            RoleArn = await ClusterRoleAsync(iam, Unique("eks-role")),
            SubnetIds = await SubnetsAsync(eks),
            AuthenticationMode = "API",
        };
        return await eks.CreateClusterAsync(version is null ? request : request with { Version = version }, Ct);
    }

    /// <summary>A role with <paramref name="trust"/>.</summary>
    public static async Task<string> RoleAsync(IamClient iam, string trust, string prefix = "role") =>
        (await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = Unique(prefix), AssumeRolePolicyDocument = trust }, Ct)).Arn;

    /// <summary>The EKS service of the emulator behind <paramref name="emulator"/>.</summary>
    public static EksService EksOf(AwsEmulator emulator) => emulator.Service<EksService>()!;

    /// <summary>The key of <paramref name="cluster"/> for SystemSpecOf and AddonReport.</summary>
    public static string Key(EksCluster cluster, string region = Region) => EksService.ClusterKey("000000000000", region, cluster.Name);
}

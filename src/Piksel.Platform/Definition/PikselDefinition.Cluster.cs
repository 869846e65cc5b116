using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>The KMS key, the cluster's roles, the cluster, its admin access entry and its OIDC provider.</summary>
internal sealed partial class PikselDefinition
{
    /// <summary>The control-plane log types PLATFORM.md asks for.</summary>
    public static IReadOnlyList<string> ControlPlaneLogs { get; } = ["api", "authenticator", "controllerManager", "scheduler"];

    public void AddCluster()
    {
        Key = Builder.Add(new KmsKey
        {
            Name = $"piksel-{Settings.Name}",
            Account = Settings.Account,
            Region = Settings.Region,
            Alias = Names.KmsAlias,
            Description = $"Piksel {Settings.Name}: Kubernetes Secrets and platform secrets",
            KeyPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Sid("EnableIamPolicies")
                    .Principal(PolicyPrincipal.Aws(Arns.AccountRoot(Partition, Settings.Account)))
                    .Actions("kms:*")
                    .Resources("*"))
                .Build(),
            Tags = Tags,
        });

        var clusterRole = Builder.Add(Role("cluster", ServiceTrust("eks.amazonaws.com", "sts:AssumeRole", "sts:TagSession")) with
        {
            Description = "EKS cluster service role",
            ManagedPolicyArns = [Arns.AwsManagedPolicy(Partition, "AmazonEKSClusterPolicy")],
        });

        Builder.Add(Role("node", ServiceTrust("ec2.amazonaws.com", "sts:AssumeRole")) with
        {
            Description = "EKS worker nodes (Karpenter passes it to the instances it launches)",
            ManagedPolicyArns =
            [
                Arns.AwsManagedPolicy(Partition, "AmazonEKSWorkerNodePolicy"),
                Arns.AwsManagedPolicy(Partition, "AmazonEC2ContainerRegistryReadOnly"),
                Arns.AwsManagedPolicy(Partition, "AmazonEKS_CNI_Policy"),
            ],
        });

        var adminDependencies = new List<Spec.ResourceId>();
        if (Settings.CreateAdminRole)
        {
            var arnPath = Settings.AdminRoleArn[(Settings.AdminRoleArn.IndexOf(":role/", StringComparison.Ordinal) + ":role".Length)..];
            var admin = Builder.Add(new IamRole
            {
                Name = arnPath[(arnPath.LastIndexOf('/') + 1)..],
                Path = arnPath[..(arnPath.LastIndexOf('/') + 1)],
                Account = Settings.Account,
                Description = "Cluster administrators (mapped to cluster-admin by an access entry)",
                TrustPolicy = new PolicyDocumentBuilder()
                    .Allow(s => s.Principal(PolicyPrincipal.Aws(Arns.AccountRoot(Partition, Settings.Account))).Actions("sts:AssumeRole", "sts:TagSession"))
                    .Build(),
                Tags = Tags,
            });
            adminDependencies.Add(admin.Id);
        }

        Cluster = Builder.Add(new EksCluster
        {
            Name = Names.Cluster,
            Account = Settings.Account,
            Region = Settings.Region,
            Version = Settings.KubernetesVersion,
            RoleArn = RoleArn("cluster"),
            SecretsEncryptionKeyArn = Key.Arn.Token,
            LogTypes = ControlPlaneLogs,
            Tags = Tags,
            DependsOn = [clusterRole.Id],
        });

        Builder.Add(new EksAccessEntry
        {
            Name = $"{Names.Cluster}/admin",
            Account = Settings.Account,
            Region = Settings.Region,
            ClusterName = Names.Cluster,
            PrincipalArn = Settings.AdminRoleArn,
            AccessPolicies = [new EksAccessPolicyAssociation(Arns.EksAccessPolicy(Partition, "AmazonEKSClusterAdminPolicy"), "cluster", [])],
            Tags = Tags,
            DependsOn = [Cluster.Id, .. adminDependencies],
        });

        Oidc = Builder.Add(new IamOidcProvider
        {
            Name = Names.Cluster,
            Account = Settings.Account,
            Url = Cluster.OidcIssuer.Token,
            ClientIds = ["sts.amazonaws.com"],
            Tags = Tags,
        });
    }

    private static PolicyDocument ServiceTrust(string service, params string[] actions) =>
        new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Service(service)).Actions(actions)).Build();
}

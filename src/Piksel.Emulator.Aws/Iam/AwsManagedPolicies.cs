using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>The AWS managed policies the emulator knows, with their real statements.</summary>
public static class AwsManagedPolicies
{
    /// <summary>All known policies by ARN.</summary>
    public static IReadOnlyDictionary<string, AwsManagedPolicy> All { get; } = Load().ToDictionary(p => p.Arn, StringComparer.Ordinal);

    /// <summary>The policy with that ARN, or null.</summary>
    public static AwsManagedPolicy? Find(string arn) => All.TryGetValue(arn, out var p) ? p : null;

    // The AWS managed policies an EKS platform attaches, with the statements of their current default versions
    // (AWS Managed Policy Reference guide). Dates are AWS's; policy ids are the emulator's (AWS does not publish them).
    private static IEnumerable<AwsManagedPolicy> Load() =>
    [
        Policy("AmazonEKSClusterPolicy", "/", "v10", EksPolicyDocuments.Cluster, "2018-05-27T21:06:00Z", "2026-02-12T17:58:15Z",
            "This policy provides Kubernetes the permissions it requires to manage resources on your behalf. Kubernetes requires Ec2:CreateTags permissions to place identifying information on EC2 resources including but not limited to Instances, Security Groups, and Elastic Network Interfaces."),
        Policy("AmazonEKSWorkerNodePolicy", "/", "v3", EksPolicyDocuments.WorkerNode, "2018-05-27T21:09:00Z", "2023-11-27T00:06:13Z",
            "This policy allows Amazon EKS worker nodes to connect to Amazon EKS Clusters."),
        Policy("AmazonEKS_CNI_Policy", "/", "v6", EksPolicyDocuments.Cni, "2018-05-27T21:07:00Z", "2026-03-04T19:12:14Z",
            "This policy provides the Amazon VPC CNI Plugin (amazon-vpc-cni-k8s) the permissions it requires to modify the IP address configuration on your EKS worker nodes. This permission set allows the CNI to list, describe, and modify Elastic Network Interfaces on your behalf."),
        Policy("AmazonEKSFargatePodExecutionRolePolicy", "/", "v1", EksPolicyDocuments.FargatePodExecution, "2019-11-22T04:34:00Z", "2019-11-22T04:34:00Z",
            "Provides access to other AWS service resources that are required to run Amazon EKS pods on AWS Fargate"),
        Policy("AmazonEBSCSIDriverPolicy", "/service-role/", "v15", EbsCsiPolicyDocuments.Driver, "2022-04-04T17:24:29Z", "2026-05-13T17:42:22Z",
            "IAM Policy that allows the CSI driver service account to make calls to related services such as EC2 on your behalf."),
        Policy("AmazonEC2ContainerRegistryReadOnly", "/", "v3", EcrPolicyDocuments.ReadOnly, "2015-12-21T17:04:00Z", "2019-12-10T20:56:32Z",
            "Provides read-only access to Amazon EC2 Container Registry repositories."),
        Policy("AmazonSSMManagedInstanceCore", "/", "v2", SsmPolicyDocuments.ManagedInstanceCore, "2019-03-15T17:22:00Z", "2019-05-23T16:54:21Z",
            "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality."),
    ];

    private static AwsManagedPolicy Policy(string name, string path, string version, string document, string created, string updated, string description) =>
        new(name, path, document, StableId(name), version)
        {
            Description = description,
            CreateDate = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
            UpdateDate = DateTimeOffset.Parse(updated, System.Globalization.CultureInfo.InvariantCulture),
        };

    // ANPA + 17 base-32 characters derived from the name, so the id is the same in every emulator run.
    private static string StableId(string name)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var chars = new char[17];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[hash[i] % alphabet.Length];
        return "ANPA" + new string(chars);
    }
}

namespace Piksel.Platform.Policies;

/// <summary>ARN patterns the definition needs, in one place so policies and handlers agree on them.</summary>
public static class Arns
{
    /// <summary>The partition of a region: <c>aws-cn</c> for China, <c>aws-us-gov</c> for GovCloud, else <c>aws</c>.</summary>
    public static string Partition(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>An account's root principal.</summary>
    public static string AccountRoot(string partition, string account) => $"arn:{partition}:iam::{account}:root";

    /// <summary>An IAM role.</summary>
    public static string IamRole(string partition, string account, string name) => $"arn:{partition}:iam::{account}:role/{name}";

    /// <summary>An AWS managed policy, e.g. <c>AmazonEKSClusterPolicy</c> or <c>service-role/AmazonEBSCSIDriverPolicy</c>.</summary>
    public static string AwsManagedPolicy(string partition, string path) => $"arn:{partition}:iam::aws:policy/{path}";

    /// <summary>An IAM OIDC provider for an issuer host (the issuer URL without <c>https://</c>).</summary>
    public static string OidcProvider(string partition, string account, string issuerHost) =>
        $"arn:{partition}:iam::{account}:oidc-provider/{issuerHost}";

    /// <summary>An S3 bucket (for bucket-level actions such as ListBucket).</summary>
    public static string S3Bucket(string partition, string bucket) => $"arn:{partition}:s3:::{bucket}";

    /// <summary>Every object of an S3 bucket (for object-level actions such as GetObject).</summary>
    public static string S3Objects(string partition, string bucket) => $"arn:{partition}:s3:::{bucket}/*";

    /// <summary>Secrets Manager secrets whose name starts with <paramref name="prefix"/> (ARNs end in a random suffix).</summary>
    public static string SecretsWithPrefix(string partition, string region, string account, string prefix) =>
        $"arn:{partition}:secretsmanager:{region}:{account}:secret:{prefix}*";

    /// <summary>SSM parameters under <paramref name="path"/> (a path starting with '/'), in an account or AWS-owned (empty account).</summary>
    public static string SsmParameters(string partition, string region, string account, string path) =>
        $"arn:{partition}:ssm:{region}:{account}:parameter{path}*";

    /// <summary>An SQS queue.</summary>
    public static string SqsQueue(string partition, string region, string account, string name) =>
        $"arn:{partition}:sqs:{region}:{account}:{name}";

    /// <summary>EC2 resources of a type (<c>instance</c>, <c>subnet</c>, …) in an account, or AWS-owned images with an empty account.</summary>
    public static string Ec2(string partition, string region, string account, string type) =>
        $"arn:{partition}:ec2:{region}:{account}:{type}/*";

    /// <summary>An EKS access policy such as <c>AmazonEKSClusterAdminPolicy</c>.</summary>
    public static string EksAccessPolicy(string partition, string name) => $"arn:{partition}:eks::aws:cluster-access-policy/{name}";
}

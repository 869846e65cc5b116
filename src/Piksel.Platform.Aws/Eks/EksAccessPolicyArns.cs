namespace Piksel.Platform.Aws.Eks;

/// <summary>The access policies EKS offers.</summary>
public static class EksAccessPolicyArns
{
    public const string ClusterAdmin = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    public const string Admin = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy";
    public const string Edit = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";
    public const string View = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
}

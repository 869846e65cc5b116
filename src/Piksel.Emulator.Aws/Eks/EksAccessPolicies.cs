namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// EKS's cluster access policies (<c>arn:aws:eks::aws:cluster-access-policy/&lt;name&gt;</c>) and what each lets a
/// caller do, approximated by the Kubernetes user-facing roles they mirror (cluster-admin, admin, edit, view).
/// </summary>
public static class EksAccessPolicies
{
    /// <summary>The ARN prefix every access policy shares.</summary>
    public const string ArnPrefix = "arn:aws:eks::aws:cluster-access-policy/";

    public const string ClusterAdmin = ArnPrefix + "AmazonEKSClusterAdminPolicy";
    public const string Admin = ArnPrefix + "AmazonEKSAdminPolicy";
    public const string Edit = ArnPrefix + "AmazonEKSEditPolicy";
    public const string View = ArnPrefix + "AmazonEKSViewPolicy";
    public const string AdminView = ArnPrefix + "AmazonEKSAdminViewPolicy";

    /// <summary>Every policy ListAccessPolicies answers, by ARN.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, AdminView, ClusterAdmin, Edit, View];

    /// <summary>The policy's name: the last segment of its ARN.</summary>
    public static string NameOf(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}

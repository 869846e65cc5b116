namespace Piksel.Emulator.Aws.Eks;

/// <summary>The Kubernetes user name of an access entry: the one EKS picks when none is given, and the prefixes it refuses.</summary>
internal static class EksUsernames
{
    private static readonly string[] ReservedPrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"];

    /// <summary>
    /// The user name EKS picks when none is given: a role's sessions are <c>arn:aws:sts::A:assumed-role/R/{{SessionName}}</c>,
    /// a user is its ARN; node roles are <c>system:node:{{EC2PrivateDNSName}}</c>.
    /// </summary>
    public static string Default(string principalArn, string type)
    {
        var arn = Arn.TryParse(principalArn)!;
        if (type is "EC2_LINUX" or "EC2_WINDOWS" or "EC2" or "HYBRID_LINUX" or "HYPERPOD_LINUX") return "system:node:{{EC2PrivateDNSName}}";
        if (type == "FARGATE_LINUX") return "system:node:{{SessionName}}";
        if (!arn.Resource.StartsWith("role/", StringComparison.Ordinal)) return principalArn;
        var roleName = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        return $"arn:{arn.Partition}:sts::{arn.Account}:assumed-role/{roleName}/{{{{SessionName}}}}";
    }

    /// <summary>Refuses an empty name or one in a namespace EKS keeps for itself.</summary>
    public static void Validate(string username, string clusterName)
    {
        if (username.Length == 0 || ReservedPrefixes.Any(p => username.StartsWith(p, StringComparison.Ordinal)))
            throw EksErrors.InvalidParameter($"The username {username} is invalid, it cannot be empty or start with {string.Join(", ", ReservedPrefixes)}", clusterName);
    }
}

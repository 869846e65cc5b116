using Piksel.Platform.Spec;

namespace Piksel.AppHost.AppModel;

/// <summary>The platform's child resources in the dashboard: each resource kind of the spec belongs to one group.</summary>
internal static class PlatformGroups
{
    /// <summary>The group of Secrets Manager secrets and KMS keys.</summary>
    public const string Secrets = "secrets";

    /// <summary>The group of ExternalSecrets and their stores.</summary>
    public const string SecretSyncs = "secret-syncs";

    /// <summary>The groups, in the order the dashboard lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["network", "identities", "secrets", "buckets", "compute", "namespaces", "secret-syncs", "database"];

    /// <summary>The group of a resource kind (the spec record's type name).</summary>
    public static string Of(ResourceId id) => id.Kind switch
    {
        "IamRole" or "IamOidcProvider" or "EksAccessEntry" or "EksAccessPolicyAssociation" or "KubernetesServiceAccount" => "identities",
        "SecretsManagerSecret" or "SecretGeneration" or "KmsKey" => "secrets",
        _ when id.Kind.StartsWith("S3", StringComparison.Ordinal) => "buckets",
        "EksCluster" or "EksAddon" or "EksFargateProfile" or "KubernetesStorageClass" => "compute",
        "ExternalSecret" or "ClusterSecretStore" => "secret-syncs",
        _ when id.Kind.StartsWith("Rds", StringComparison.Ordinal) || id.Kind.StartsWith("Postgres", StringComparison.Ordinal) => "database",
        _ when id.Kind.StartsWith("Ec2", StringComparison.Ordinal) || id.Kind is "KubernetesNetworkPolicy" or "KubernetesService" => "network",
        _ => "namespaces",
    };
}

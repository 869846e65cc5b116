namespace Piksel.Platform.Naming;

/// <summary>
/// The deterministic names of an environment's resources (PLATFORM.md's patterns), in one place so the definition
/// uses them and settings validation can check every one of them before anything is touched.
/// </summary>
public sealed class PikselNames(string environment)
{
    /// <summary>The role purposes of PLATFORM.md (<c>piksel-&lt;env&gt;-&lt;purpose&gt;</c>).</summary>
    public static IReadOnlyList<string> RolePurposes { get; } =
    [
        "cluster", "node", "admin", "fargate-pods", "ebs-csi", "vpc-cni", "karpenter", "external-dns", "external-dns-hub", "argo",
        "odc-reader", "stac-reader", "hub-user-read", "terria", "grafana", "external-secrets",
    ];

    /// <summary>The bucket purposes (<c>piksel-&lt;env&gt;-&lt;purpose&gt;</c>).</summary>
    public static IReadOnlyList<string> BucketPurposes { get; } = ["public-data", "argo-artifacts", "terria"];

    /// <summary>The environment name.</summary>
    public string Environment { get; } = environment;

    /// <summary><c>piksel-&lt;env&gt;-cluster</c>.</summary>
    public string Cluster => $"piksel-{Environment}-cluster";

    /// <summary><c>piksel-&lt;env&gt;-vpc</c>.</summary>
    public string Vpc => $"piksel-{Environment}-vpc";

    /// <summary><c>piksel-&lt;env&gt;-&lt;purpose&gt;</c>.</summary>
    public string Role(string purpose) => $"piksel-{Environment}-{purpose}";

    /// <summary><c>piksel-&lt;env&gt;-&lt;purpose&gt;</c>.</summary>
    public string Bucket(string purpose) => $"piksel-{Environment}-{purpose}";

    /// <summary>The public-data bucket.</summary>
    public string PublicDataBucket => Bucket("public-data");

    /// <summary>The Argo artifacts bucket.</summary>
    public string ArtifactsBucket => Bucket("argo-artifacts");

    /// <summary>The Terria bucket.</summary>
    public string TerriaBucket => Bucket("terria");

    /// <summary><c>piksel/&lt;env&gt;/</c>, the prefix of every platform secret.</summary>
    public string SecretPrefix => $"piksel/{Environment}/";

    /// <summary><c>piksel/&lt;env&gt;/&lt;name&gt;</c>.</summary>
    public string Secret(string name) => SecretPrefix + name;

    /// <summary>The platform KMS key's alias.</summary>
    public string KmsAlias => $"alias/piksel-{Environment}";

    /// <summary>The database master user, <c>piksel_&lt;env&gt;</c>.</summary>
    public string DatabaseUser => $"piksel_{Environment}";

    /// <summary>The environment's DNS zone.</summary>
    public string Zone => $"{Environment}.piksel.big.go.id";

    /// <summary>The ExternalId the hub's ExternalDNS role demands.</summary>
    public string ExternalDnsExternalId => $"external-dns-{Environment}";

    /// <summary>Karpenter's interruption queue.</summary>
    public string KarpenterQueue => $"piksel-{Environment}-karpenter-interruption";

    /// <summary>The SSM parameter path the external-secrets role may read.</summary>
    public string SsmPrefix => $"/piksel/{Environment}/";

    /// <summary>Every name derived from the environment name, with the rule of the resource it ends up in.</summary>
    public IEnumerable<(string Name, NameRule Rule)> All()
    {
        yield return (Cluster, NameRules.EksCluster);
        foreach (var purpose in RolePurposes)
        {
            yield return (Role(purpose), NameRules.IamRole);
        }

        foreach (var purpose in BucketPurposes)
        {
            yield return (Bucket(purpose), NameRules.S3Bucket);
        }

        yield return (KmsAlias, NameRules.KmsAlias);
        yield return (Secret("argo-workflows-password"), NameRules.Secret);
        yield return (DatabaseUser, NameRules.PostgresUser);
        yield return (Environment, NameRules.DnsLabel);
        yield return (Environment, NameRules.KubernetesLabelValue);
        yield return (Environment, NameRules.AwsTagValue);
        yield return (ExternalDnsExternalId, NameRules.ExternalId);
        yield return (KarpenterQueue, NameRules.SqsQueue);
    }
}

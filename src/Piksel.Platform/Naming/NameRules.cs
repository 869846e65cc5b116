using System.Net;
using System.Text.RegularExpressions;

namespace Piksel.Platform.Naming;

/// <summary>The naming rules of the AWS and Kubernetes resources the platform's names end up in.</summary>
public static partial class NameRules
{
    /// <summary>S3 bucket names (general purpose buckets).</summary>
    public static NameRule S3Bucket { get; } = new("S3 bucket name", name =>
        name.Length is < 3 or > 63 ? "S3 bucket names are 3 to 63 characters"
        : !S3BucketPattern().IsMatch(name) ? "S3 bucket names hold lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit"
        : name.Contains("..", StringComparison.Ordinal) ? "S3 bucket names hold no two adjacent dots"
        : IPAddress.TryParse(name, out _) ? "S3 bucket names are not IP addresses"
        : name.StartsWith("xn--", StringComparison.Ordinal) || name.EndsWith("-s3alias", StringComparison.Ordinal) ? "S3 bucket names neither begin with xn-- nor end with -s3alias"
        : null);

    /// <summary>IAM role names.</summary>
    public static NameRule IamRole { get; } = new("IAM role name", name =>
        name.Length is < 1 or > 64 ? "IAM role names are 1 to 64 characters"
        : !IamNamePattern().IsMatch(name) ? "IAM role names hold letters, digits and +=,.@_-"
        : null);

    /// <summary>EKS cluster names.</summary>
    public static NameRule EksCluster { get; } = new("EKS cluster name", name =>
        name.Length is < 1 or > 100 ? "EKS cluster names are 1 to 100 characters"
        : !EksClusterPattern().IsMatch(name) ? "EKS cluster names begin with a letter or digit and hold letters, digits, hyphens and underscores"
        : null);

    /// <summary>KMS alias names, including the <c>alias/</c> prefix.</summary>
    public static NameRule KmsAlias { get; } = new("KMS alias", name =>
        !KmsAliasPattern().IsMatch(name) ? "KMS aliases are alias/ followed by 1 to 250 letters, digits, /, _ and -"
        : name.StartsWith("alias/aws/", StringComparison.Ordinal) ? "the alias/aws/ prefix is reserved for AWS managed keys"
        : null);

    /// <summary>Secrets Manager secret names.</summary>
    public static NameRule Secret { get; } = new("Secrets Manager secret name", name =>
        name.Length is < 1 or > 512 || !SecretPattern().IsMatch(name) ? "secret names are 1 to 512 characters of letters, digits and /_+=.@-" : null);

    /// <summary>SQS queue names.</summary>
    public static NameRule SqsQueue { get; } = new("SQS queue name", name =>
        name.Length is < 1 or > 80 || !SqsPattern().IsMatch(name) ? "SQS queue names are 1 to 80 letters, digits, hyphens and underscores" : null);

    /// <summary>An sts:ExternalId value.</summary>
    public static NameRule ExternalId { get; } = new("sts:ExternalId", name =>
        name.Length is < 2 or > 1224 || !ExternalIdPattern().IsMatch(name) ? "external ids are 2 to 1224 characters of letters, digits and +=,.@:/-" : null);

    /// <summary>Kubernetes names that must be DNS labels (namespaces, Services).</summary>
    public static NameRule KubernetesLabelName { get; } = new("Kubernetes name (RFC 1123 label)", name =>
        name.Length is < 1 or > 63 || !Dns1123LabelPattern().IsMatch(name) ? "RFC 1123 labels are 1 to 63 lowercase letters, digits and hyphens, beginning and ending with a letter or digit" : null);

    /// <summary>Kubernetes names that must be DNS subdomains (service accounts, Secrets, most objects).</summary>
    public static NameRule KubernetesSubdomainName { get; } = new("Kubernetes name (RFC 1123 subdomain)", name =>
        name.Length is < 1 or > 253 || !Dns1123SubdomainPattern().IsMatch(name) ? "RFC 1123 subdomains are up to 253 lowercase letters, digits, '-' and '.', beginning and ending with a letter or digit" : null);

    /// <summary>Kubernetes label values.</summary>
    public static NameRule KubernetesLabelValue { get; } = new("Kubernetes label value", name =>
        name.Length > 63 || !LabelValuePattern().IsMatch(name) ? "label values are up to 63 letters, digits, '-', '_' and '.', beginning and ending with a letter or digit" : null);

    /// <summary>AWS tag values.</summary>
    public static NameRule AwsTagValue { get; } = new("AWS tag value", name =>
        name.Length > 256 || !TagValuePattern().IsMatch(name) ? "tag values are up to 256 letters, digits, spaces and _.:/=+-@" : null);

    /// <summary>A DNS label of a hosted zone name.</summary>
    public static NameRule DnsLabel { get; } = new("DNS label", name =>
        name.Length is < 1 or > 63 || !Dns1123LabelPattern().IsMatch(name) ? "DNS labels are 1 to 63 lowercase letters, digits and hyphens" : null);

    /// <summary>PostgreSQL role names as RDS accepts them for the master user.</summary>
    public static NameRule PostgresUser { get; } = new("RDS PostgreSQL master user name", name =>
        name.Length is < 1 or > 63 || !PostgresPattern().IsMatch(name) ? "RDS master user names are 1 to 63 letters, digits and underscores, beginning with a letter" : null);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex S3BucketPattern();

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex IamNamePattern();

    [GeneratedRegex("^[0-9A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex EksClusterPattern();

    [GeneratedRegex("^alias/[a-zA-Z0-9/_-]{1,250}$")]
    private static partial Regex KmsAliasPattern();

    [GeneratedRegex("^[A-Za-z0-9/_+=.@-]+$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SqsPattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]+$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123LabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123SubdomainPattern();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagValuePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex PostgresPattern();
}

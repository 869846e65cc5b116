using Piksel.Platform.Policies;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Definition;

/// <summary>PLATFORM.md's IRSA table with its least-privilege policies, row by row: only the actions and resources listed.</summary>
internal sealed class IrsaTable
{
    private readonly DefinitionContext context;
    private readonly PlatformBuckets buckets;

    /// <summary>
    /// The table over <paramref name="buckets"/>, with <paramref name="platformKeyArn"/> for reading secrets and
    /// <paramref name="karpenterPolicy"/> as Karpenter's row.
    /// </summary>
    public IrsaTable(DefinitionContext context, PlatformBuckets buckets, OutputRef platformKeyArn, PolicyDocument karpenterPolicy)
    {
        this.context = context;
        this.buckets = buckets;
        ExternalDnsHubRoleArn = Arns.IamRole(context.Partition, context.Settings.HubAccount, context.Names.Role("external-dns-hub"));
        Rows =
        [
            new("kube-system", ["ebs-csi-controller-sa"], "ebs-csi", ["service-role/AmazonEBSCSIDriverPolicy"], null, AddonOwned: true),
            new("kube-system", ["aws-node"], "vpc-cni", ["AmazonEKS_CNI_Policy"], null, AddonOwned: true),
            new("karpenter", ["karpenter"], "karpenter", [], karpenterPolicy),
            new("aws-external-dns-helm", ["external-dns"], "external-dns", [], ExternalDnsPolicy()),
            new("argo", ["argo-workflows-executor", "argo-workflows-server"], "argo", [], ArgoPolicy()),
            new("odc", ["odc-data-reader"], "odc-reader", [], ReadOnlyBucketsPolicy()),
            new("odc-stac", ["stac-data-reader"], "stac-reader", [], ReadOnlyBucketsPolicy()),
            new("jupyterhub", ["user-read"], "hub-user-read", [], ReadOnlyBucketsPolicy("s3:GetBucketLocation", "s3:GetBucketRequestPayment")),
            new("terria", ["terria-sa"], "terria", [], ReadWriteBucketsPolicy([buckets.Terria]).Build()),
            new("monitoring", ["grafana"], "grafana", [], GrafanaPolicy()),
            new("external-secrets", ["external-secrets"], "external-secrets", [], ExternalSecretsPolicy(platformKeyArn)),
        ];
    }

    /// <summary>Every row of the table.</summary>
    public IReadOnlyList<IrsaRow> Rows { get; }

    /// <summary>The hub account's role ExternalDNS assumes to change records in the environment's zone.</summary>
    public string ExternalDnsHubRoleArn { get; }

    private string Partition => context.Partition;

    /// <summary>ListBucket (plus <paramref name="bucketActions"/>) on the read-only buckets, GetObject on their objects.</summary>
    private PolicyDocument ReadOnlyBucketsPolicy(params string[] bucketActions) =>
        AddReadOnly(new PolicyDocumentBuilder(), buckets.ReadOnly, bucketActions).Build();

    private PolicyDocumentBuilder AddReadOnly(PolicyDocumentBuilder policy, IReadOnlyList<string> readOnly, params string[] bucketActions) =>
        policy
            .Allow(s => s.Sid("ListReadOnlyBuckets").Actions(["s3:ListBucket", .. bucketActions]).Resources(readOnly.Select(b => Arns.S3Bucket(Partition, b))))
            .Allow(s => s.Sid("ReadReadOnlyObjects").Actions("s3:GetObject").Resources(readOnly.Select(b => Arns.S3Objects(Partition, b))));

    private PolicyDocumentBuilder ReadWriteBucketsPolicy(IReadOnlyList<string> readWrite) =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ListBuckets").Actions("s3:ListBucket").Resources(readWrite.Select(b => Arns.S3Bucket(Partition, b))))
            .Allow(s => s.Sid("ReadWriteObjects").Actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject").Resources(readWrite.Select(b => Arns.S3Objects(Partition, b))));

    /// <summary>Read/write on the artifacts and public-data buckets; read on the other read-only buckets.</summary>
    private PolicyDocument ArgoPolicy()
    {
        string[] readWrite = [buckets.Artifacts, buckets.PublicData];
        return AddReadOnly(ReadWriteBucketsPolicy(readWrite), buckets.ReadOnly.Except(readWrite).ToArray()).Build();
    }

    private static PolicyDocument GrafanaPolicy() =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ReadCloudWatch").Actions(
                "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:DescribeAlarmsForMetric",
                "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:GetInsightRuleReport", "cloudwatch:ListMetrics").Resources("*"))
            .Allow(s => s.Sid("ReadLogs").Actions(
                "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:GetLogGroupFields", "logs:GetLogEvents",
                "logs:FilterLogEvents", "logs:StartQuery", "logs:StopQuery", "logs:GetQueryResults").Resources("*"))
            .Build();

    private PolicyDocument ExternalSecretsPolicy(OutputRef platformKeyArn)
    {
        var (region, account, names) = (context.Settings.Region, context.Settings.Account, context.Names);
        return new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ReadPlatformSecrets").Actions("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")
                .Resources(Arns.SecretsWithPrefix(Partition, region, account, names.SecretPrefix)))
            .Allow(s => s.Sid("DecryptPlatformSecrets").Actions("kms:Decrypt").Resources(platformKeyArn.Token)
                .StringEquals("kms:ViaService", $"secretsmanager.{region}.amazonaws.com"))
            .Allow(s => s.Sid("ReadPlatformParameters").Actions("ssm:GetParameter")
                .Resources(Arns.SsmParameters(Partition, region, account, names.SsmPrefix)))
            .Build();
    }

    private PolicyDocument ExternalDnsPolicy() =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("AssumeHubRole").Actions("sts:AssumeRole").Resources(ExternalDnsHubRoleArn))
            .Build();
}

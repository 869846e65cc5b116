using Piksel.Platform.Policies;

namespace Piksel.Platform.Definition;

/// <summary>The least-privilege policies of the IRSA table, row by row: only the actions and resources listed.</summary>
internal sealed partial class PikselDefinition
{
    /// <summary>Every row of PLATFORM.md's IRSA table.</summary>
    public IReadOnlyList<IrsaRow> IrsaRows() =>
    [
        new("kube-system", ["ebs-csi-controller-sa"], "ebs-csi", ["service-role/AmazonEBSCSIDriverPolicy"], null),
        new("kube-system", ["aws-node"], "vpc-cni", ["AmazonEKS_CNI_Policy"], null),
        new("karpenter", ["karpenter"], "karpenter", [], KarpenterPolicy()),
        new("aws-external-dns-helm", ["external-dns"], "external-dns", [], ExternalDnsPolicy()),
        new("argo", ["argo-workflows-executor", "argo-workflows-server"], "argo", [], ArgoPolicy()),
        new("odc", ["odc-data-reader"], "odc-reader", [], ReadOnlyBucketsPolicy()),
        new("odc-stac", ["stac-data-reader"], "stac-reader", [], ReadOnlyBucketsPolicy()),
        new("jupyterhub", ["user-read"], "hub-user-read", [], ReadOnlyBucketsPolicy("s3:GetBucketLocation", "s3:GetBucketRequestPayment")),
        new("terria", ["terria-sa"], "terria", [], ReadWriteBucketsPolicy([Names.TerriaBucket]).Build()),
        new("monitoring", ["grafana"], "grafana", [], GrafanaPolicy()),
        new("external-secrets", ["external-secrets"], "external-secrets", [], ExternalSecretsPolicy()),
    ];

    /// <summary>ListBucket (plus <paramref name="bucketActions"/>) on the read-only buckets, GetObject on their objects.</summary>
    private PolicyDocument ReadOnlyBucketsPolicy(params string[] bucketActions) =>
        AddReadOnly(new PolicyDocumentBuilder(), ReadOnlyBuckets, bucketActions).Build();

    private PolicyDocumentBuilder AddReadOnly(PolicyDocumentBuilder policy, IReadOnlyList<string> buckets, params string[] bucketActions) =>
        policy
            .Allow(s => s.Sid("ListReadOnlyBuckets").Actions(["s3:ListBucket", .. bucketActions]).Resources(buckets.Select(b => Arns.S3Bucket(Partition, b))))
            .Allow(s => s.Sid("ReadReadOnlyObjects").Actions("s3:GetObject").Resources(buckets.Select(b => Arns.S3Objects(Partition, b))));

    private PolicyDocumentBuilder ReadWriteBucketsPolicy(IReadOnlyList<string> buckets) =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ListBuckets").Actions("s3:ListBucket").Resources(buckets.Select(b => Arns.S3Bucket(Partition, b))))
            .Allow(s => s.Sid("ReadWriteObjects").Actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject").Resources(buckets.Select(b => Arns.S3Objects(Partition, b))));

    /// <summary>Read/write on the artifacts and public-data buckets; read on the other read-only buckets.</summary>
    private PolicyDocument ArgoPolicy()
    {
        string[] readWrite = [Names.ArtifactsBucket, Names.PublicDataBucket];
        return AddReadOnly(ReadWriteBucketsPolicy(readWrite), ReadOnlyBuckets.Except(readWrite).ToArray()).Build();
    }

    private PolicyDocument GrafanaPolicy() =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ReadCloudWatch").Actions(
                "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:DescribeAlarmsForMetric",
                "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:GetInsightRuleReport", "cloudwatch:ListMetrics").Resources("*"))
            .Allow(s => s.Sid("ReadLogs").Actions(
                "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:GetLogGroupFields", "logs:GetLogEvents",
                "logs:FilterLogEvents", "logs:StartQuery", "logs:StopQuery", "logs:GetQueryResults").Resources("*"))
            .Build();

    private PolicyDocument ExternalSecretsPolicy() =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("ReadPlatformSecrets").Actions("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")
                .Resources(Arns.SecretsWithPrefix(Partition, Settings.Region, Settings.Account, Names.SecretPrefix)))
            .Allow(s => s.Sid("DecryptPlatformSecrets").Actions("kms:Decrypt").Resources(Key.Arn.Token)
                .StringEquals("kms:ViaService", $"secretsmanager.{Settings.Region}.amazonaws.com"))
            .Allow(s => s.Sid("ReadPlatformParameters").Actions("ssm:GetParameter")
                .Resources(Arns.SsmParameters(Partition, Settings.Region, Settings.Account, Names.SsmPrefix)))
            .Build();

    private PolicyDocument ExternalDnsPolicy() =>
        new PolicyDocumentBuilder()
            .Allow(s => s.Sid("AssumeHubRole").Actions("sts:AssumeRole").Resources(Arns.IamRole(Partition, Settings.HubAccount, Names.Role("external-dns-hub"))))
            .Build();
}

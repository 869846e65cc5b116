using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The calls that show each IRSA row's least privilege: one inside the role's scope that must succeed, and calls just
/// outside it (another bucket, a write where it may only read, an action the managed policy leaves out, a condition
/// not met) that must be refused. Kept beside the policies they probe; a row without probes fails loudly.
/// </summary>
internal sealed class IrsaProbes(DefinitionContext context, IrsaTable table, PlatformBuckets buckets)
{
    /// <summary>What each row of the table promises, as calls a verifier makes.</summary>
    public IReadOnlyList<IrsaExpectation> Expectations() =>
        table.Rows.Select(row =>
        {
            var (allowed, denied) = Probes(row);
            return new IrsaExpectation(row.Namespace, row.ServiceAccounts, context.RoleArn(row.RolePurpose), allowed, denied, row.AddonOwned);
        }).ToArray();

    private (AccessProbe[] Allowed, AccessProbe[] Denied) Probes(IrsaRow row)
    {
        var names = context.Names;
        var probeKey = $"piksel-verify/{row.RolePurpose}.txt";
        return row.RolePurpose switch
        {
            "ebs-csi" => (
                [new Ec2DescribeProbe("DescribeVolumes")],
                [new Ec2CreateVolumeProbe(new Dictionary<string, string>()), new Ec2DescribeProbe("DescribeSubnets")]),
            "vpc-cni" => (
                [new Ec2DescribeProbe("DescribeNetworkInterfaces")],
                [new Ec2DescribeProbe("DescribeVolumes")]),
            "karpenter" => (
                [new Ec2DescribeProbe("DescribeSubnets"), new Ec2DescribeProbe("DescribeInstanceTypes")],
                [new Ec2CreateVolumeProbe(new Dictionary<string, string> { [KarpenterDefinition.DiscoveryTag] = names.Cluster }), new Ec2DescribeProbe("DescribeVolumes")]),
            "external-dns" => (
                [new AssumeRoleProbe(table.ExternalDnsHubRoleArn, names.ExternalDnsExternalId)],
                [new AssumeRoleProbe(table.ExternalDnsHubRoleArn, null), new S3ListBucketProbe(buckets.Terria)]),
            "argo" => (
                [new S3PutObjectProbe(buckets.Artifacts, probeKey), new S3ListBucketProbe(buckets.PublicData)],
                [new S3PutObjectProbe(buckets.Terria, probeKey)]),
            "odc-reader" or "stac-reader" or "hub-user-read" => (
                [new S3ListBucketProbe(buckets.PublicData), .. SampleObjectProbes()],
                [new S3PutObjectProbe(buckets.PublicData, probeKey), new S3ListBucketProbe(buckets.Terria)]),
            "terria" => (
                [new S3PutObjectProbe(buckets.Terria, probeKey)],
                [new S3PutObjectProbe(buckets.Artifacts, probeKey), new S3PutObjectProbe(buckets.PublicData, probeKey)]),
            "grafana" => (
                [new LogsDescribeProbe()],
                [new LogsCreateGroupProbe($"/piksel/{context.Settings.Name}/verify"), new S3ListBucketProbe(buckets.Terria)]),
            "external-secrets" => (
                [new SecretReadProbe(names.Secret("database-password"))],
                [new SecretWriteProbe(names.Secret("database-password")), new S3ListBucketProbe(buckets.Terria)]),
            _ => throw new InvalidOperationException($"IRSA row {row.RolePurpose} has no verification probes; add them in {nameof(IrsaProbes)}."),
        };
    }

    /// <summary>A sample object of a public dataset, where the environment makes them (local).</summary>
    private IEnumerable<AccessProbe> SampleObjectProbes() =>
        buckets.SampleObject is { } sample ? [new S3GetObjectProbe(sample.Bucket, sample.Key)] : [];
}

using Piksel.Platform.Policies;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The calls that show each IRSA row's least privilege: one inside the role's scope that must succeed, and calls just
/// outside it (another bucket, a write where it may only read, an action the managed policy leaves out, a condition
/// not met) that must be refused. Kept beside the policies they probe; a row without probes fails loudly.
/// </summary>
internal sealed partial class PikselDefinition
{
    public IReadOnlyList<IrsaExpectation> IrsaExpectations() =>
        IrsaRows().Select(row =>
        {
            var (allowed, denied) = Probes(row);
            return new IrsaExpectation(row.Namespace, row.ServiceAccounts, RoleArn(row.RolePurpose), allowed, denied);
        }).ToArray();

    private (AccessProbe[] Allowed, AccessProbe[] Denied) Probes(IrsaRow row)
    {
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
                [new Ec2CreateVolumeProbe(new Dictionary<string, string> { [DiscoveryTag] = Names.Cluster }), new Ec2DescribeProbe("DescribeVolumes")]),
            "external-dns" => (
                [new AssumeRoleProbe(Arns.IamRole(Partition, Settings.HubAccount, Names.Role("external-dns-hub")), Names.ExternalDnsExternalId)],
                [new AssumeRoleProbe(Arns.IamRole(Partition, Settings.HubAccount, Names.Role("external-dns-hub")), null), new S3ListBucketProbe(Names.TerriaBucket)]),
            "argo" => (
                [new S3PutObjectProbe(Names.ArtifactsBucket, probeKey), new S3ListBucketProbe(Names.PublicDataBucket)],
                [new S3PutObjectProbe(Names.TerriaBucket, probeKey)]),
            "odc-reader" or "stac-reader" or "hub-user-read" => (
                [new S3ListBucketProbe(Names.PublicDataBucket), .. SampleObjectProbes()],
                [new S3PutObjectProbe(Names.PublicDataBucket, probeKey), new S3ListBucketProbe(Names.TerriaBucket)]),
            "terria" => (
                [new S3PutObjectProbe(Names.TerriaBucket, probeKey)],
                [new S3PutObjectProbe(Names.ArtifactsBucket, probeKey), new S3PutObjectProbe(Names.PublicDataBucket, probeKey)]),
            "grafana" => (
                [new LogsDescribeProbe()],
                [new LogsCreateGroupProbe($"/piksel/{Settings.Name}/verify"), new S3ListBucketProbe(Names.TerriaBucket)]),
            "external-secrets" => (
                [new SecretReadProbe(Names.Secret("database-password"))],
                [new SecretWriteProbe(Names.Secret("database-password")), new S3ListBucketProbe(Names.TerriaBucket)]),
            _ => throw new InvalidOperationException($"IRSA row {row.RolePurpose} has no verification probes; add them in {nameof(PikselDefinition)}.IrsaProbes.cs."),
        };
    }

    /// <summary>A sample object of the first public dataset, where the environment makes them (local).</summary>
    private IEnumerable<AccessProbe> SampleObjectProbes() =>
        Settings.PublicDatasetsAccount is null ? [] : [new S3GetObjectProbe(PublicDatasets[0], "README.txt")];
}

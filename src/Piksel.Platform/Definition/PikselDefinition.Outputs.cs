using Piksel.Platform.Naming;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The published outputs: <c>cluster.*</c>, <c>roles.&lt;namespace&gt;/&lt;serviceaccount&gt;</c> (role ARN),
/// <c>secrets.&lt;name&gt;</c> (secret ARN), <c>buckets.&lt;purpose&gt;</c> and <c>kms.keyArn</c>.
/// </summary>
internal sealed partial class PikselDefinition
{
    public void AddOutputs()
    {
        Builder.AddOutput("cluster.name", Names.Cluster)
            .AddOutput("cluster.endpoint", Cluster.Output(EksCluster.EndpointOutput).Token)
            .AddOutput("cluster.certificateAuthority", Cluster.Output(EksCluster.CertificateAuthorityOutput).Token)
            .AddOutput("cluster.oidcIssuer", Cluster.OidcIssuer.Token)
            .AddOutput("cluster.oidcProviderArn", Oidc.Arn.Token)
            .AddOutput("kms.keyArn", Key.Arn.Token);

        foreach (var row in IrsaRows())
        {
            var roleArn = new OutputRef(new ResourceId(nameof(IamRole), Names.Role(row.RolePurpose)), AwsResource.ArnOutput).Token;
            foreach (var serviceAccount in row.ServiceAccounts)
            {
                Builder.AddOutput($"roles.{row.Namespace}/{serviceAccount}", roleArn);
            }
        }

        foreach (var (name, id) in _secrets)
        {
            Builder.AddOutput($"secrets.{name}", new OutputRef(id, AwsResource.ArnOutput).Token);
        }

        foreach (var purpose in PikselNames.BucketPurposes)
        {
            Builder.AddOutput($"buckets.{purpose}", Names.Bucket(purpose));
        }
    }
}

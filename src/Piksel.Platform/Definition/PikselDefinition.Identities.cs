using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>The IRSA roles, their service accounts, and the hub account's ExternalDNS role.</summary>
internal sealed partial class PikselDefinition
{
    /// <summary>The audience of IRSA tokens.</summary>
    public const string StsAudience = "sts.amazonaws.com";

    public void AddIdentities()
    {
        foreach (var row in IrsaRows())
        {
            var role = Builder.Add(Role(row.RolePurpose, IrsaTrust(row.Namespace, row.ServiceAccounts)) with
            {
                Description = $"IRSA role of {string.Join(", ", row.ServiceAccounts.Select(sa => $"{row.Namespace}/{sa}"))}",
                ManagedPolicyArns = row.ManagedPolicies.Select(p => Arns.AwsManagedPolicy(Partition, p)).ToArray(),
                InlinePolicies = row.Policy is null
                    ? new Dictionary<string, PolicyDocument>()
                    : new Dictionary<string, PolicyDocument>(StringComparer.Ordinal) { [row.RolePurpose] = row.Policy },
            });

            foreach (var serviceAccount in row.ServiceAccounts)
            {
                Builder.Add(new KubernetesServiceAccount
                {
                    Name = serviceAccount,
                    Namespace = row.Namespace,
                    Cluster = Names.Cluster,
                    Labels = Labels,
                    Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [KubernetesServiceAccount.RoleArnAnnotation] = RoleArn(row.RolePurpose),
                    },
                    DependsOn = [Cluster.Id, role.Id, .. NamespaceDependency(row.Namespace)],
                });
            }

            if (row.RolePurpose == "external-dns")
            {
                AddExternalDnsHubRole(role);
            }
        }
    }

    /// <summary>
    /// Trust for the cluster's OIDC provider: <c>sts:AssumeRoleWithWebIdentity</c> when the token's audience is STS and
    /// its subject is the service account (StringLike with a list when several share the role).
    /// </summary>
    private PolicyDocument IrsaTrust(string ns, IReadOnlyList<string> serviceAccounts)
    {
        var host = Oidc.IssuerHost.Token;
        var subjects = serviceAccounts.Select(sa => $"system:serviceaccount:{ns}:{sa}").ToArray();
        return new PolicyDocumentBuilder()
            .Allow(s =>
            {
                s.Principal(PolicyPrincipal.Federated(Oidc.Arn.Token))
                    .Actions("sts:AssumeRoleWithWebIdentity")
                    .StringEquals($"{host}:aud", StsAudience);
                _ = subjects.Length == 1 ? s.StringEquals($"{host}:sub", subjects) : s.StringLike($"{host}:sub", subjects);
            })
            .Build();
    }

    /// <summary>
    /// The hub account's role ExternalDNS assumes: only the environment's ExternalDNS role, only with the ExternalId
    /// <c>external-dns-&lt;env&gt;</c>, and record-set changes only for names in the environment's zone.
    /// </summary>
    private void AddExternalDnsHubRole(IamRole spokeRole)
    {
        var zone = Names.Zone;
        Builder.Add(new IamRole
        {
            Name = Names.Role("external-dns-hub"),
            Account = Settings.HubAccount,
            Description = $"ExternalDNS of {Settings.Name}: records in {zone} only",
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Aws(RoleArn("external-dns"))).Actions("sts:AssumeRole")
                    .StringEquals("sts:ExternalId", Names.ExternalDnsExternalId))
                .Build(),
            InlinePolicies = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal)
            {
                ["external-dns"] = new PolicyDocumentBuilder()
                    .Allow(s => s.Sid("ChangeEnvironmentRecords").Actions("route53:ChangeResourceRecordSets")
                        .Resources($"arn:{Partition}:route53:::hostedzone/*")
                        .Condition("ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames", zone, $"*.{zone}"))
                    .Allow(s => s.Sid("ReadZones").Actions("route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResource")
                        .Resources("*"))
                    .Build(),
            },
            Tags = Tags,
            DependsOn = [spokeRole.Id],
        });
    }
}

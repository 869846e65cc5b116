using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The IRSA roles of PLATFORM.md's table with their service accounts (but for those an EKS add-on makes), the hub
/// account's ExternalDNS role, and what each row promises the verifier. Outputs <c>roles.&lt;namespace&gt;/&lt;serviceaccount&gt;</c> (role ARN).
/// </summary>
internal sealed class IdentityDefinition : IDefinitionArea
{
    /// <summary>The audience of IRSA tokens.</summary>
    public const string StsAudience = "sts.amazonaws.com";

    private readonly DefinitionContext context;
    private readonly ClusterReference cluster;
    private readonly IrsaTable table;
    private readonly IrsaProbes probes;
    private readonly List<PlatformResource> resources = [];
    private readonly List<PlatformOutput> outputs = [];

    /// <summary>
    /// The identities of <paramref name="cluster"/>'s workloads, in <paramref name="namespaces"/>, with policies over
    /// <paramref name="buckets"/>, <paramref name="platformKeyArn"/> and Karpenter's <paramref name="karpenterPolicy"/>.
    /// </summary>
    public IdentityDefinition(
        DefinitionContext context,
        ClusterReference cluster,
        NamespaceDefinition namespaces,
        PlatformBuckets buckets,
        OutputRef platformKeyArn,
        PolicyDocument karpenterPolicy)
    {
        this.context = context;
        this.cluster = cluster;
        table = new IrsaTable(context, buckets, platformKeyArn, karpenterPolicy);
        probes = new IrsaProbes(context, table, buckets);
        foreach (var row in table.Rows)
        {
            AddRow(row, namespaces);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => outputs;

    /// <summary>What each row of the IRSA table promises, as calls a verifier makes.</summary>
    public IReadOnlyList<IrsaExpectation> Expectations() => probes.Expectations();

    /// <summary>The IRSA role of <paramref name="purpose"/> (<c>vpc-cni</c>, <c>ebs-csi</c>) this area makes.</summary>
    public IamRole Role(string purpose) =>
        resources.OfType<IamRole>().FirstOrDefault(r => r.Name == context.Names.Role(purpose))
        ?? throw new InvalidOperationException($"No row of the IRSA table makes the role of {purpose}.");

    /// <summary>The service account <paramref name="ns"/>/<paramref name="name"/> this area makes.</summary>
    public KubernetesServiceAccount ServiceAccount(string ns, string name) =>
        resources.OfType<KubernetesServiceAccount>().FirstOrDefault(sa => sa.Namespace == ns && sa.Name == name)
        ?? throw new InvalidOperationException($"No row of the IRSA table makes the service account {ns}/{name}.");

    private void AddRow(IrsaRow row, NamespaceDefinition namespaces)
    {
        var partition = context.Partition;
        var role = context.Role(row.RolePurpose, IrsaTrust(row.Namespace, row.ServiceAccounts)) with
        {
            Description = $"IRSA role of {string.Join(", ", row.ServiceAccounts.Select(sa => $"{row.Namespace}/{sa}"))}",
            ManagedPolicyArns = row.ManagedPolicies.Select(p => Arns.AwsManagedPolicy(partition, p)).ToArray(),
            InlinePolicies = row.Policy is null
                ? new Dictionary<string, PolicyDocument>()
                : new Dictionary<string, PolicyDocument>(StringComparer.Ordinal) { [row.RolePurpose] = row.Policy },
        };
        resources.Add(role);

        foreach (var serviceAccount in row.ServiceAccounts)
        {
            outputs.Add(new PlatformOutput($"roles.{row.Namespace}/{serviceAccount}", role.Arn.Token));

            // The add-on makes its own service account with this role's annotation; defining it too would be drift forever.
            if (row.AddonOwned)
            {
                continue;
            }

            resources.Add(new KubernetesServiceAccount
            {
                Name = serviceAccount,
                Namespace = row.Namespace,
                Cluster = cluster.Name,
                Labels = context.Labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [KubernetesServiceAccount.RoleArnAnnotation] = context.RoleArn(row.RolePurpose),
                },
                DependsOn = [cluster.Id, role.Id, .. namespaces.DependencyOf(row.Namespace)],
            });
        }

        if (row.RolePurpose == "external-dns")
        {
            resources.Add(ExternalDnsHubRole(role));
        }
    }

    /// <summary>
    /// Trust for the cluster's OIDC provider: <c>sts:AssumeRoleWithWebIdentity</c> when the token's audience is STS and
    /// its subject is the service account (StringLike with a list when several share the role).
    /// </summary>
    private PolicyDocument IrsaTrust(string ns, IReadOnlyList<string> serviceAccounts)
    {
        var host = cluster.OidcIssuerHost.Token;
        var subjects = serviceAccounts.Select(sa => $"system:serviceaccount:{ns}:{sa}").ToArray();
        return new PolicyDocumentBuilder()
            .Allow(s =>
            {
                s.Principal(PolicyPrincipal.Federated(cluster.OidcProviderArn.Token))
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
    private IamRole ExternalDnsHubRole(IamRole spokeRole)
    {
        var (names, partition) = (context.Names, context.Partition);
        var zone = names.Zone;
        return new IamRole
        {
            Name = names.Role("external-dns-hub"),
            Account = context.Settings.HubAccount,
            Description = $"ExternalDNS of {context.Settings.Name}: records in {zone} only",
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Aws(context.RoleArn("external-dns"))).Actions("sts:AssumeRole")
                    .StringEquals("sts:ExternalId", names.ExternalDnsExternalId))
                .Build(),
            InlinePolicies = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal)
            {
                ["external-dns"] = new PolicyDocumentBuilder()
                    .Allow(s => s.Sid("ChangeEnvironmentRecords").Actions("route53:ChangeResourceRecordSets")
                        .Resources($"arn:{partition}:route53:::hostedzone/*")
                        .Condition("ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames", zone, $"*.{zone}"))
                    .Allow(s => s.Sid("ReadZones").Actions("route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResource")
                        .Resources("*"))
                    .Build(),
            },
            Tags = context.Tags,
            DependsOn = [spokeRole.Id],
        };
    }
}

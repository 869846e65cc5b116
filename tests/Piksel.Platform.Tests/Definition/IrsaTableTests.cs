using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using static Piksel.Platform.Tests.Definition.DefinitionHelpers;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The IRSA table of PLATFORM.md, row by row.</summary>
public sealed class IrsaTableTests
{
    public static TheoryData<string, string[], string> Rows => new()
    {
        { "kube-system", ["ebs-csi-controller-sa"], "ebs-csi" },
        { "kube-system", ["aws-node"], "vpc-cni" },
        { "karpenter", ["karpenter"], "karpenter" },
        { "aws-external-dns-helm", ["external-dns"], "external-dns" },
        { "argo", ["argo-workflows-executor", "argo-workflows-server"], "argo" },
        { "odc", ["odc-data-reader"], "odc-reader" },
        { "odc-stac", ["stac-data-reader"], "stac-reader" },
        { "jupyterhub", ["user-read"], "hub-user-read" },
        { "terria", ["terria-sa"], "terria" },
        { "monitoring", ["grafana"], "grafana" },
        { "external-secrets", ["external-secrets"], "external-secrets" },
    };

    private static readonly string[] ReadOnlyBuckets = ["piksel-local-public-data", "usgs-landsat", "copernicus-dem-30m", "e84-earth-search-sentinel-data"];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_row_has_its_role_trusting_exactly_its_service_accounts_through_the_cluster_oidc_provider(string ns, string[] serviceAccounts, string purpose)
    {
        var role = Local.Role(purpose);
        var oidc = Local.Get<IamOidcProvider>("piksel-local-cluster");
        var statement = Assert.Single(role.TrustPolicy.Statements);

        Assert.Equal("000000000000", role.Account);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal([oidc.Arn.Token], statement.Principal!.Get("Federated"));
        Assert.Equal(["sts:AssumeRoleWithWebIdentity"], statement.Actions);
        var host = oidc.IssuerHost.Token;
        var aud = Assert.Single(statement.Conditions, c => c.Key == $"{host}:aud");
        Assert.Equal("StringEquals", aud.Operator);
        Assert.Equal(["sts.amazonaws.com"], aud.Values);
        var sub = Assert.Single(statement.Conditions, c => c.Key == $"{host}:sub");
        Assert.Equal(serviceAccounts.Length == 1 ? "StringEquals" : "StringLike", sub.Operator);
        Assert.Equal(serviceAccounts.Select(sa => $"system:serviceaccount:{ns}:{sa}"), sub.Values);
        Assert.Equal(2, statement.Conditions.Count);

        if (AddonOf(purpose) is { } addon)
        {
            // As on EKS, the add-on makes its service account with the role it is given; the platform defines none.
            Assert.Equal($"arn:aws:iam::000000000000:role/piksel-local-{purpose}", Local.Get<EksAddon>($"piksel-local-cluster/{addon}").ServiceAccountRoleArn);
            Assert.DoesNotContain(Local.OfKind<KubernetesServiceAccount>(), a => a.Namespace == ns && serviceAccounts.Contains(a.Name));
            return;
        }

        foreach (var sa in serviceAccounts)
        {
            var account = Local.Get<KubernetesServiceAccount>($"{ns}/{sa}");
            Assert.Equal($"arn:aws:iam::000000000000:role/piksel-local-{purpose}", account.RoleArn);
        }
    }

    [Fact]
    public void The_add_on_service_accounts_are_left_to_their_add_ons_but_keep_their_role_outputs()
    {
        Assert.DoesNotContain(Local.OfKind<KubernetesServiceAccount>(), a => a.Namespace == "kube-system");
        var outputs = Local.Outputs.ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
        Assert.Equal(Local.Role("ebs-csi").Arn.Token, outputs["roles.kube-system/ebs-csi-controller-sa"]);
        Assert.Equal(Local.Role("vpc-cni").Arn.Token, outputs["roles.kube-system/aws-node"]);
    }

    private static string? AddonOf(string purpose) => purpose switch
    {
        "ebs-csi" => "aws-ebs-csi-driver",
        "vpc-cni" => "vpc-cni",
        _ => null,
    };

    [Fact]
    public void Ebs_csi_and_vpc_cni_have_only_their_aws_managed_policies()
    {
        Assert.Equal(["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"], Local.Role("ebs-csi").ManagedPolicyArns);
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"], Local.Role("vpc-cni").ManagedPolicyArns);
        Assert.Empty(Local.Role("ebs-csi").InlinePolicies);
        Assert.Empty(Local.Role("vpc-cni").InlinePolicies);
    }

    [Fact]
    public void Terria_may_list_get_put_delete_on_the_terria_bucket_only()
    {
        Assert.Equal(
            new[]
            {
                ("s3:ListBucket", "arn:aws:s3:::piksel-local-terria"),
                ("s3:GetObject", "arn:aws:s3:::piksel-local-terria/*"),
                ("s3:PutObject", "arn:aws:s3:::piksel-local-terria/*"),
                ("s3:DeleteObject", "arn:aws:s3:::piksel-local-terria/*"),
            }.Order(),
            Local.Role("terria").Grants().Order());
    }

    [Theory]
    [InlineData("odc-reader")]
    [InlineData("stac-reader")]
    public void The_readers_list_and_get_the_read_only_buckets_and_write_nothing(string purpose)
    {
        var grants = Local.Role(purpose).Grants();

        Assert.All(grants, g => Assert.Contains(g.Action, new[] { "s3:ListBucket", "s3:GetObject" }));
        Assert.Equal(ReadOnlyBuckets.Select(b => $"arn:aws:s3:::{b}").Order(), grants.Where(g => g.Action == "s3:ListBucket").Select(g => g.Resource).Order());
        Assert.Equal(ReadOnlyBuckets.Select(b => $"arn:aws:s3:::{b}/*").Order(), grants.Where(g => g.Action == "s3:GetObject").Select(g => g.Resource).Order());
    }

    [Fact]
    public void The_hub_user_reader_has_the_read_only_set_plus_bucket_location_and_request_payment()
    {
        var grants = Local.Role("hub-user-read").Grants();
        var readers = Local.Role("odc-reader").Grants();

        Assert.Superset(readers.ToHashSet(), grants.ToHashSet());
        Assert.Equal(
            ["s3:GetBucketLocation", "s3:GetBucketRequestPayment"],
            grants.Except(readers).Select(g => g.Action).Distinct().Order());
        Assert.All(grants.Except(readers), g => Assert.Contains(g.Resource, ReadOnlyBuckets.Select(b => $"arn:aws:s3:::{b}")));
    }

    [Fact]
    public void Argo_writes_only_artifacts_and_public_data_and_reads_the_read_only_buckets()
    {
        var grants = Local.Role("argo").Grants();
        string[] writable = ["arn:aws:s3:::piksel-local-argo-artifacts/*", "arn:aws:s3:::piksel-local-public-data/*"];

        Assert.Equal(writable, grants.Where(g => g.Action == "s3:PutObject").Select(g => g.Resource).Order());
        Assert.Equal(writable, grants.Where(g => g.Action == "s3:DeleteObject").Select(g => g.Resource).Order());
        Assert.Equal(
            ReadOnlyBuckets.Select(b => $"arn:aws:s3:::{b}/*").Append("arn:aws:s3:::piksel-local-argo-artifacts/*").Order(),
            grants.Where(g => g.Action == "s3:GetObject").Select(g => g.Resource).Order());
        Assert.DoesNotContain(grants, g => g.Resource.Contains("terria", StringComparison.Ordinal));
    }

    [Fact]
    public void Grafana_reads_cloudwatch_and_logs_and_nothing_else()
    {
        var grants = Local.Role("grafana").Grants();

        Assert.All(grants, g => Assert.True(g.Action.StartsWith("cloudwatch:", StringComparison.Ordinal) || g.Action.StartsWith("logs:", StringComparison.Ordinal), g.Action));
        Assert.All(grants, g => Assert.True(IsReadOnly(g.Action), g.Action));
        Assert.Contains(grants, g => g.Action == "cloudwatch:GetMetricData");
        Assert.Contains(grants, g => g.Action == "logs:FilterLogEvents");
    }

    [Fact]
    public void External_secrets_reads_this_platforms_secrets_decrypts_with_their_key_and_reads_its_parameters()
    {
        var role = Local.Role("external-secrets");
        var key = Local.Get<KmsKey>("piksel-local");

        Assert.Equal(
            new[]
            {
                ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:piksel/local/*"),
                ("secretsmanager:DescribeSecret", "arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:piksel/local/*"),
                ("kms:Decrypt", key.Arn.Token),
                ("ssm:GetParameter", "arn:aws:ssm:ap-southeast-3:000000000000:parameter/piksel/local/*"),
            }.Order(),
            role.Grants().Order());
        var decrypt = Assert.Single(role.Statements(), s => s.Actions.Contains("kms:Decrypt"));
        Assert.Equal(("StringEquals", "kms:ViaService"), (decrypt.Conditions.Single().Operator, decrypt.Conditions.Single().Key));
        Assert.Equal(["secretsmanager.ap-southeast-3.amazonaws.com"], decrypt.Conditions.Single().Values);
    }

    [Fact]
    public void External_dns_may_only_assume_the_hub_role_which_demands_the_external_id_and_limits_records_to_the_zone()
    {
        Assert.Equal([("sts:AssumeRole", "arn:aws:iam::000000000001:role/piksel-local-external-dns-hub")], Local.Role("external-dns").Grants());

        var hub = Local.Get<IamRole>("piksel-local-external-dns-hub");
        Assert.Equal("000000000001", hub.Account);
        var trust = Assert.Single(hub.TrustPolicy.Statements);
        Assert.Equal(["arn:aws:iam::000000000000:role/piksel-local-external-dns"], trust.Principal!.Get("AWS"));
        Assert.Equal(["sts:AssumeRole"], trust.Actions);
        var externalId = Assert.Single(trust.Conditions);
        Assert.Equal(("StringEquals", "sts:ExternalId", "external-dns-local"), (externalId.Operator, externalId.Key, externalId.Values.Single()));
        var change = Assert.Single(hub.Statements(), s => s.Actions.Contains("route53:ChangeResourceRecordSets"));
        var names = Assert.Single(change.Conditions);
        Assert.Equal(("ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames"), (names.Operator, names.Key));
        Assert.Equal(["local.piksel.big.go.id", "*.local.piksel.big.go.id"], names.Values);
        Assert.All(hub.Grants().Where(g => g.Action != "route53:ChangeResourceRecordSets"), g => Assert.True(IsReadOnly(g.Action), g.Action));
    }

    [Fact]
    public void Karpenter_passes_only_the_node_role_reads_only_aws_service_parameters_and_touches_only_tagged_nodes()
    {
        var role = Local.Role("karpenter");
        var grants = role.Grants();

        Assert.Equal(["arn:aws:iam::000000000000:role/piksel-local-node"], grants.Where(g => g.Action == "iam:PassRole").Select(g => g.Resource));
        Assert.Equal(["arn:aws:ssm:ap-southeast-3::parameter/aws/service/*"], grants.Where(g => g.Action == "ssm:GetParameter").Select(g => g.Resource));
        Assert.All(grants.Where(g => g.Action.StartsWith("sqs:", StringComparison.Ordinal)), g => Assert.Equal("arn:aws:sqs:ap-southeast-3:000000000000:piksel-local-karpenter-interruption", g.Resource));
        var terminate = Assert.Single(role.Statements(), s => s.Actions.Contains("ec2:TerminateInstances"));
        Assert.Contains(terminate.Conditions, c => c.Key == "aws:ResourceTag/karpenter.sh/discovery" && c.Values.SequenceEqual(["piksel-local-cluster"]));
        var launch = Assert.Single(role.Statements(), s => s.Sid == "LaunchTaggedNodes");
        Assert.Contains(launch.Conditions, c => c.Key == "aws:RequestTag/karpenter.sh/discovery");
        Assert.Contains("ec2:DescribeInstances", grants.Select(g => g.Action));
    }

    [Fact]
    public void No_policy_anywhere_grants_a_wildcard_action()
    {
        foreach (var role in Local.OfKind<IamRole>())
        {
            Assert.All(role.Grants(), g => Assert.DoesNotContain('*', g.Action));
        }
    }

    [Fact]
    public void No_irsa_role_may_write_to_a_bucket_it_is_not_listed_for()
    {
        var writers = new Dictionary<string, string[]>
        {
            ["argo"] = ["piksel-local-argo-artifacts", "piksel-local-public-data"],
            ["terria"] = ["piksel-local-terria"],
        };
        foreach (var (_, _, purpose) in Rows.Select(r => ((string)r.Data.Item1, (string[])r.Data.Item2, (string)r.Data.Item3)))
        {
            var writes = Local.Role(purpose).Grants().Where(g => g.Action.StartsWith("s3:", StringComparison.Ordinal) && !IsReadOnly(g.Action));
            var allowed = writers.GetValueOrDefault(purpose, []).Select(b => $"arn:aws:s3:::{b}/*");
            Assert.All(writes, w => Assert.Contains(w.Resource, allowed));
        }
    }
}

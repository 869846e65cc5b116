using Piksel.Platform.Definition;
using Piksel.Platform.Naming;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Tests.Infrastructure;
using static Piksel.Platform.Tests.Definition.DefinitionHelpers;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The cluster, buckets, namespaces, tags and names of PLATFORM.md.</summary>
public sealed class DefinitionTests
{
    public static TheoryData<string> Environments => ["local", "dev", "staging", "production"];

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_aws_resource_carries_the_three_tags_and_every_kubernetes_object_the_labels(string env)
    {
        var spec = PikselPlatform.Define(Fixtures.Load(env));

        Assert.All(spec.OfKind<AwsResource>(), r =>
        {
            Assert.Equal(env, r.Tags["piksel:environment"]);
            Assert.Equal("piksel-platform", r.Tags["piksel:managed-by"]);
            Assert.Equal("Piksel", r.Tags["Project"]);
        });
        Assert.All(spec.OfKind<KubernetesResource>(), r =>
        {
            Assert.Equal("piksel-platform", r.Labels["app.kubernetes.io/managed-by"]);
            Assert.Equal(env, r.Labels["piksel.io/environment"]);
            Assert.Equal($"piksel-{env}-cluster", r.Cluster);
        });
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_name_is_valid_where_it_ends_up(string env)
    {
        var spec = PikselPlatform.Define(Fixtures.Load(env));

        static void Valid(NameRule rule, string name) => Assert.True(rule.Check(name) is null, $"{rule.What} '{name}': {rule.Check(name)}");
        foreach (var role in spec.OfKind<IamRole>())
        {
            Valid(NameRules.IamRole, role.Name);
        }

        foreach (var bucket in spec.OfKind<S3Bucket>())
        {
            Valid(NameRules.S3Bucket, bucket.Name);
        }

        foreach (var secret in spec.OfKind<SecretsManagerSecret>())
        {
            Valid(NameRules.Secret, secret.Name);
        }

        foreach (var ns in spec.OfKind<KubernetesNamespace>())
        {
            Valid(NameRules.KubernetesLabelName, ns.Name);
        }

        foreach (var obj in spec.OfKind<KubernetesResource>().Where(r => r is not KubernetesNamespace))
        {
            Valid(NameRules.KubernetesSubdomainName, obj.Name);
        }

        Valid(NameRules.EksCluster, spec.OfKind<EksCluster>().Single().Name);
        Valid(NameRules.KmsAlias, spec.OfKind<KmsKey>().Single().Alias);
        Assert.All(spec.OfKind<IamRole>().Select(r => r.Name), n => Assert.Contains(n, new PikselNames(env).All().Select(x => x.Name)));
    }

    [Fact]
    public void The_cluster_is_encrypted_with_the_platform_key_logs_its_control_plane_and_runs_the_configured_version()
    {
        var cluster = Local.Get<EksCluster>("piksel-local-cluster");
        var key = Local.Get<KmsKey>("piksel-local");

        Assert.Equal("1.33", cluster.Version);
        Assert.Equal("arn:aws:iam::000000000000:role/piksel-local-cluster", cluster.RoleArn);
        Assert.Equal(key.Arn.Token, cluster.SecretsEncryptionKeyArn);
        Assert.Equal(["api", "authenticator", "controllerManager", "scheduler"], cluster.LogTypes);
        Assert.True(cluster.EndpointPublicAccess);
        Assert.Equal("alias/piksel-local", key.Alias);
        Assert.Contains(Local.Role("cluster").Id, cluster.DependsOn);
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"], Local.Role("cluster").ManagedPolicyArns);
        Assert.Equal(["eks.amazonaws.com"], Local.Role("cluster").TrustPolicy.Statements.Single().Principal!.Get("Service"));
        Assert.Equal(3, Local.Role("node").ManagedPolicyArns.Count);
    }

    [Fact]
    public void The_admin_role_is_mapped_to_cluster_admin_by_an_access_entry()
    {
        var entry = Local.OfKind<EksAccessEntry>().Single(e => e.Type == "STANDARD");

        Assert.Equal("piksel-local-cluster", entry.ClusterName);
        Assert.Equal("arn:aws:iam::000000000000:role/piksel-local-admin", entry.PrincipalArn);
        var policy = Assert.Single(entry.AccessPolicies);
        Assert.Equal(("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "cluster"), (policy.PolicyArn, policy.ScopeType));
        Assert.Contains(Local.Role("admin").Id, entry.DependsOn);
        Assert.DoesNotContain(Dev.OfKind<IamRole>(), r => r.Name == "piksel-dev-admin");
    }

    [Fact]
    public void The_oidc_provider_is_the_clusters_issuer_known_only_after_the_cluster_exists()
    {
        var oidc = Local.Get<IamOidcProvider>("piksel-local-cluster");
        var cluster = Local.Get<EksCluster>("piksel-local-cluster");

        Assert.Equal(cluster.OidcIssuer.Token, oidc.Url);
        Assert.Equal(["sts.amazonaws.com"], oidc.ClientIds);
        Assert.Contains(cluster.Id, DependencyGraph.Of(Local).DependenciesOf(oidc.Id));
    }

    [Fact]
    public void The_three_buckets_have_their_access_and_rules()
    {
        var publicData = Local.Get<S3Bucket>("piksel-local-public-data");
        Assert.Equal(S3BlockPublicAccess.None, publicData.BlockPublicAccess);
        var grants = publicData.Policy!.Statements.SelectMany(s => s.Actions.SelectMany(a => s.Resources.Select(r => (a, r, s.Principal!.IsAnyone)))).Order();
        Assert.Equal(
            new[]
            {
                ("s3:GetObject", "arn:aws:s3:::piksel-local-public-data/*", true),
                ("s3:ListBucket", "arn:aws:s3:::piksel-local-public-data", true),
                ("s3:GetBucketLocation", "arn:aws:s3:::piksel-local-public-data", true),
            }.Order(),
            grants);
        var cors = Assert.Single(publicData.Cors);
        Assert.Equal(["GET", "HEAD"], cors.AllowedMethods);
        Assert.Equal(["*"], cors.AllowedOrigins);
        Assert.Equal(7, Assert.Single(publicData.Lifecycle).AbortIncompleteMultipartUploadDays);

        foreach (var name in new[] { "piksel-local-argo-artifacts", "piksel-local-terria" })
        {
            var bucket = Local.Get<S3Bucket>(name);
            Assert.Equal(S3BlockPublicAccess.All, bucket.BlockPublicAccess);
            Assert.Equal("AES256", bucket.Encryption.Algorithm);
            Assert.Null(bucket.Policy);
            Assert.Equal(60, Assert.Single(bucket.Lifecycle).ExpirationDays);
        }
    }

    [Fact]
    public void Only_the_local_environment_gets_public_datasets_in_a_third_account_with_sample_objects()
    {
        foreach (var dataset in new[] { "usgs-landsat", "copernicus-dem-30m", "e84-earth-search-sentinel-data" })
        {
            var bucket = Local.Get<S3Bucket>(dataset);
            Assert.Equal("000000000002", bucket.Account);
            Assert.Equal(S3BlockPublicAccess.None, bucket.BlockPublicAccess);
            Assert.Contains(bucket.Policy!.Statements, s => s.Principal!.IsAnyone && s.Actions.Contains("s3:GetObject"));
            var objects = Local.OfKind<S3Object>().Where(o => o.Bucket == dataset).ToArray();
            Assert.True(objects.Length >= 2);
            Assert.All(objects, o => Assert.Equal("000000000002", o.Account));
        }

        Assert.Empty(Dev.OfKind<S3Object>());
        Assert.Equal(["piksel-dev-public-data", "piksel-dev-argo-artifacts", "piksel-dev-terria"], Dev.OfKind<S3Bucket>().Select(b => b.Name));
    }

    [Fact]
    public void All_namespaces_exist_and_workload_ones_enforce_the_restricted_standard()
    {
        string[] workload = ["database", "jupyterhub", "odc", "odc-stac", "terria", "monitoring", "argo"];
        string[] system = ["karpenter", "flux-system", "aws-external-dns-helm", "external-secrets"];

        Assert.Equal(workload.Concat(system).Order(), Local.OfKind<KubernetesNamespace>().Select(n => n.Name).Order());
        Assert.All(workload, ns => Assert.Equal("restricted", Local.Get<KubernetesNamespace>(ns).Labels["pod-security.kubernetes.io/enforce"]));
        Assert.All(system, ns => Assert.DoesNotContain("pod-security.kubernetes.io/enforce", Local.Get<KubernetesNamespace>(ns).Labels.Keys));
    }

    [Fact]
    public void Define_is_deterministic()
    {
        var again = PikselPlatform.Define(Fixtures.Load("local"));

        Assert.Equal(Local.Resources.Select(r => r.Id), again.Resources.Select(r => r.Id));
        Assert.Equal(
            Local.Resources.SelectMany(ResourceAttributes.Of).Select(a => a.ToString()),
            again.Resources.SelectMany(ResourceAttributes.Of).Select(a => a.ToString()));
    }

    [Fact]
    public void Outputs_name_the_cluster_every_service_account_role_and_every_secret()
    {
        var outputs = Local.Outputs.ToDictionary(o => o.Name, o => o.Value);

        Assert.Equal("piksel-local-cluster", outputs["cluster.name"]);
        Assert.Equal(Local.Get<EksCluster>("piksel-local-cluster").OidcIssuer.Token, outputs["cluster.oidcIssuer"]);
        // Every service account the platform makes, and the two its add-ons make (ebs-csi-controller-sa, aws-node).
        Assert.Equal(Local.OfKind<KubernetesServiceAccount>().Count() + 2, outputs.Keys.Count(k => k.StartsWith("roles.", StringComparison.Ordinal)));
        Assert.Equal(Local.Role("argo").Arn.Token, outputs["roles.argo/argo-workflows-executor"]);
        Assert.Equal(12, outputs.Keys.Count(k => k.StartsWith("secrets.", StringComparison.Ordinal)));
    }
}

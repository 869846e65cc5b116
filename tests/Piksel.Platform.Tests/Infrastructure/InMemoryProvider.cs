using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Database;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>A provider whose handlers all keep state in one <see cref="InMemoryCloud"/>.</summary>
internal sealed class InMemoryProvider : IPlatformProvider, IAwsAccess, IClusterStrategy, IDatabaseStrategy
{
    public InMemoryProvider(InMemoryCloud? cloud = null)
    {
        Cloud = cloud ?? new InMemoryCloud();
        Handlers = new ResourceHandlerRegistry()
            .Add(new InMemoryHandler<Widget>(Cloud))
            .Add(new InMemoryHandler<KmsKey>(Cloud))
            .Add(new InMemoryHandler<IamRole>(Cloud))
            .Add(new InMemoryHandler<IamOidcProvider>(Cloud))
            .Add(new InMemoryHandler<IamInstanceProfile>(Cloud))
            .Add(new InMemoryHandler<SqsQueue>(Cloud))
            .Add(new InMemoryHandler<EventBridgeRule>(Cloud))
            .Add(new InMemoryHandler<Ec2Vpc>(Cloud))
            .Add(new InMemoryHandler<Ec2Subnet>(Cloud))
            .Add(new InMemoryHandler<Ec2InternetGateway>(Cloud))
            .Add(new InMemoryHandler<Ec2ElasticIp>(Cloud))
            .Add(new InMemoryHandler<Ec2NatGateway>(Cloud))
            .Add(new InMemoryHandler<Ec2RouteTable>(Cloud))
            .Add(new InMemoryHandler<Ec2VpcEndpoint>(Cloud))
            .Add(new InMemoryHandler<Ec2SecurityGroup>(Cloud))
            .Add(new InMemoryHandler<RdsDbSubnetGroup>(Cloud))
            .Add(new InMemoryHandler<RdsDbParameterGroup>(Cloud))
            .Add(new InMemoryHandler<RdsDbInstance>(Cloud))
            .Add(new InMemoryHandler<EksCluster>(Cloud))
            .Add(new InMemoryHandler<EksAddon>(Cloud))
            .Add(new InMemoryHandler<EksFargateProfile>(Cloud))
            .Add(new InMemoryHandler<EksAccessEntry>(Cloud))
            .Add(new InMemoryHandler<S3Bucket>(Cloud))
            .Add(new InMemoryHandler<S3Object>(Cloud))
            .Add(new InMemoryHandler<SecretsManagerSecret>(Cloud))
            .Add(new InMemoryHandler<KubernetesNamespace>(Cloud))
            .Add(new InMemoryHandler<KubernetesServiceAccount>(Cloud))
            .Add(new InMemoryHandler<KubernetesStorageClass>(Cloud))
            .Add(new InMemoryHandler<KubernetesService>(Cloud))
            .Add(new InMemoryHandler<ClusterSecretStore>(Cloud))
            .Add(new InMemoryHandler<ExternalSecret>(Cloud))
            .Add(new InMemoryHandler<KubernetesNetworkPolicy>(Cloud))
            .Add(new InMemoryHandler<KubernetesLimitRange>(Cloud))
            .Add(new InMemoryHandler<KubernetesResourceQuota>(Cloud))
            .Add(new InMemoryHandler<KubernetesRole>(Cloud))
            .Add(new InMemoryHandler<KubernetesRoleBinding>(Cloud))
            .Add(new InMemoryHandler<KarpenterNodeClass>(Cloud))
            .Add(new InMemoryHandler<KarpenterNodePool>(Cloud))
            .Add(new InMemoryHandler<PostgresDatabase>(Cloud))
            .Add(new InMemoryHandler<PostgresRole>(Cloud));
    }

    public InMemoryCloud Cloud { get; }

    public ProviderKind Kind => ProviderKind.Embedded;


    public ProviderCapabilities Capabilities => ProviderCapabilities.None;

    public IAwsAccess Aws => this;

    public IClusterStrategy Cluster => this;

    public IDatabaseStrategy Database => this;

    public ResourceHandlerRegistry Handlers { get; }

    public Uri? ServiceUrl => new("http://127.0.0.1:4566");

    public string Region => "ap-southeast-3";

    ClusterStrategyKind IClusterStrategy.Kind => ClusterStrategyKind.EksApi;

    DatabaseStrategyKind IDatabaseStrategy.Kind => DatabaseStrategyKind.RdsApi;

    public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AwsCredentials("test", new SensitiveString("test")));

    public ValueTask<KubernetesConnection?> ConnectAsync(string clusterName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<KubernetesConnection?>(null);

    public ValueTask<ClusterKubeconfig?> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ClusterKubeconfig?>(null);

    public ValueTask<DatabaseEndpoint?> GetEndpointAsync(string instanceName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DatabaseEndpoint?>(null);
}

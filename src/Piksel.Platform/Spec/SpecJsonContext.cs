using System.Text.Json.Serialization;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Spec;

/// <summary>
/// Compile-time JSON metadata for every resource kind and the values its attributes hold, so reading a spec's
/// attributes and resolving its tokens run precompiled code instead of building reflection metadata (and emitting
/// accessors) at start. <see cref="SpecJson.Options"/> falls back to reflection for a type not listed here.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Ec2Vpc))]
[JsonSerializable(typeof(Ec2Subnet))]
[JsonSerializable(typeof(Ec2InternetGateway))]
[JsonSerializable(typeof(Ec2ElasticIp))]
[JsonSerializable(typeof(Ec2NatGateway))]
[JsonSerializable(typeof(Ec2RouteTable))]
[JsonSerializable(typeof(Ec2VpcEndpoint))]
[JsonSerializable(typeof(Ec2SecurityGroup))]
[JsonSerializable(typeof(RdsDbSubnetGroup))]
[JsonSerializable(typeof(RdsDbParameterGroup))]
[JsonSerializable(typeof(RdsDbInstance))]
[JsonSerializable(typeof(EksAddon))]
[JsonSerializable(typeof(EksFargateProfile))]
[JsonSerializable(typeof(EksAccessEntry))]
[JsonSerializable(typeof(EksCluster))]
[JsonSerializable(typeof(IamOidcProvider))]
[JsonSerializable(typeof(IamRole))]
[JsonSerializable(typeof(KmsKey))]
[JsonSerializable(typeof(S3Bucket))]
[JsonSerializable(typeof(S3Object))]
[JsonSerializable(typeof(SecretsManagerSecret))]
[JsonSerializable(typeof(ClusterSecretStore))]
[JsonSerializable(typeof(ExternalSecret))]
[JsonSerializable(typeof(KubernetesNamespace))]
[JsonSerializable(typeof(KubernetesServiceAccount))]
[JsonSerializable(typeof(KubernetesStorageClass))]
[JsonSerializable(typeof(KubernetesService))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(S3BlockPublicAccess))]
[JsonSerializable(typeof(S3Encryption))]
[JsonSerializable(typeof(IReadOnlyList<S3CorsRule>))]
[JsonSerializable(typeof(IReadOnlyList<S3LifecycleRule>))]
[JsonSerializable(typeof(IReadOnlyList<EksAccessPolicyAssociation>))]
[JsonSerializable(typeof(IReadOnlyList<ExternalSecretKey>))]
[JsonSerializable(typeof(IReadOnlyList<Ec2Route>))]
[JsonSerializable(typeof(IReadOnlyList<Ec2SecurityGroupRule>))]
[JsonSerializable(typeof(IReadOnlyList<KubernetesServicePort>))]
[JsonSerializable(typeof(IReadOnlyList<EksFargateSelector>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(SecretGeneration))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;

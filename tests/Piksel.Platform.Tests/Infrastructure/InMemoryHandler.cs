using System.Security.Cryptography;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>A handler that keeps resources in an <see cref="InMemoryCloud"/> and reports outputs like the real services would.</summary>
internal sealed class InMemoryHandler<T>(InMemoryCloud cloud) : IResourceHandler<T>
    where T : PlatformResource
{
    public async Task<Observed<T>?> ReadAsync(T desired, CancellationToken cancellationToken)
    {
        await cloud.EnterAsync("read", desired.Id, cancellationToken);
        if (!cloud.Resources.TryGetValue(desired.Id, out var stored))
        {
            return null;
        }

        var state = (T)stored.State;

        // Secrets Manager cannot show a generated secret's rules: copy them from desired, as the contract says.
        if (state is SecretsManagerSecret secret && desired is SecretsManagerSecret wanted)
        {
            state = (T)(PlatformResource)(secret with { Generate = wanted.Generate });
        }

        return new Observed<T>(state, stored.Outputs);
    }

    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(T desired, Observed<T>? actual, CancellationToken cancellationToken)
    {
        await cloud.EnterAsync(actual is null ? "create" : "update", desired.Id, cancellationToken);
        if (desired is SecretsManagerSecret { Generate: { } rules } && !cloud.GeneratedValues.ContainsKey(desired.Id))
        {
            cloud.GeneratedValues[desired.Id] = RandomNumberGenerator.GetString(rules.Alphabet, rules.Length);
        }

        var outputs = OutputsOf(desired);
        cloud.Resources[desired.Id] = new Observed<PlatformResource>(desired, outputs);
        return outputs;
    }

    public async Task DeleteAsync(Observed<T> actual, CancellationToken cancellationToken)
    {
        await cloud.EnterAsync("delete", actual.State.Id, cancellationToken);
        cloud.Resources.TryRemove(actual.State.Id, out _);
        cloud.GeneratedValues.TryRemove(actual.State.Id, out _);
        cloud.Calls.Enqueue(("deleted", actual.State.Id));
    }

    public Task<IReadOnlyList<Observed<T>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Observed<T>>>(cloud.Resources.Values
            .Where(o => o.State is T && InMemoryCloud.IsManaged(o.State, environment))
            .Select(o => new Observed<T>((T)o.State, o.Outputs))
            .ToArray());

    // A stable EC2-style id suffix (17 hex digits) from the resource's key.
    private static string Ec2Id(T resource) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resource.Key)))[..17];

    private static Dictionary<string, string> OutputsOf(T resource)
    {
        var outputs = new Dictionary<string, string> { ["arn"] = $"arn:test:{resource.Kind}:{resource.Key}" };
        switch (resource)
        {
            case EksCluster cluster:
                outputs["endpoint"] = $"https://{cluster.Name}.example";
                outputs["certificateAuthority"] = "LS0tLS1CRUdJTg==";
                outputs["oidcIssuer"] = "https://oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
                outputs[EksCluster.ClusterSecurityGroupIdOutput] = $"sg-{Ec2Id(resource)}";
                break;
            case Ec2SecurityGroup:
                outputs[Ec2SecurityGroup.GroupIdOutput] = $"sg-{Ec2Id(resource)}";
                break;
            case RdsDbInstance db:
                outputs[RdsDbInstance.AddressOutput] = $"{db.Name}.c0ffee123456.ap-southeast-3.rds.amazonaws.com";
                outputs[RdsDbInstance.PortOutput] = db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                outputs[RdsDbInstance.ResourceIdOutput] = $"db-{Ec2Id(resource).ToUpperInvariant()}";
                break;
            case IamOidcProvider provider:
                outputs[IamOidcProvider.IssuerHostOutput] = provider.Url["https://".Length..];
                outputs["arn"] = $"arn:aws:iam::{provider.Account}:oidc-provider/{provider.Url["https://".Length..]}";
                break;
            case KmsKey:
                outputs[KmsKey.KeyIdOutput] = "1234abcd-12ab-34cd-56ef-1234567890ab";
                break;
            case Ec2ElasticIp:
                outputs[Ec2ElasticIp.AllocationIdOutput] = $"eipalloc-{Ec2Id(resource)}";
                outputs[Ec2ElasticIp.PublicIpOutput] = "203.0.113.10";
                break;
            case Ec2Vpc or Ec2Subnet or Ec2InternetGateway or Ec2NatGateway or Ec2RouteTable or Ec2VpcEndpoint:
                outputs["id"] = $"{resource.Kind switch { "Ec2Vpc" => "vpc", "Ec2Subnet" => "subnet", "Ec2InternetGateway" => "igw", "Ec2NatGateway" => "nat", "Ec2RouteTable" => "rtb", _ => "vpce" }}-{Ec2Id(resource)}";
                break;
        }

        return outputs;
    }
}

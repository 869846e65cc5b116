using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// The <c>kube-system/aws-auth</c> ConfigMap of CONFIG_MAP and API_AND_CONFIG_MAP clusters: <c>mapRoles</c>
/// (rolearn, username, groups) and <c>mapUsers</c> (userarn, username, groups), YAML lists in the ConfigMap's data.
/// Role sessions match their role by account and name (aws-iam-authenticator compares the ARN without its path).
/// </summary>
internal static class AwsAuthConfigMap
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The user name and groups aws-auth gives <paramref name="caller"/>, or null when it does not mention it.</summary>
    public static (string Username, IReadOnlyList<string> Groups)? Find(ServerContext server, Principal caller)
    {
        var type = server.Catalog.Find("", "v1", "configmaps");
        if (type is null || server.Store.Get(type, "kube-system", "aws-auth") is not { } stored) return null;
        var data = stored.ToJsonObject()["data"];
        if (caller.Kind == PrincipalKind.AssumedRole && caller.RoleName is { } roleName)
        {
            foreach (var mapping in Read(data?["mapRoles"]?.GetValue<string>()))
            {
                if (mapping.TryGetValue("rolearn", out var arn) && Arn.TryParse(arn as string) is { } role && role.Account == caller.AccountId
                    && role.Resource.StartsWith("role/", StringComparison.Ordinal) && role.Resource[(role.Resource.LastIndexOf('/') + 1)..] == roleName)
                {
                    return Result(mapping, $"arn:aws:sts::{caller.AccountId}:assumed-role/{roleName}/{{{{SessionName}}}}");
                }
            }
        }
        else
        {
            foreach (var mapping in Read(data?["mapUsers"]?.GetValue<string>()))
            {
                if (mapping.TryGetValue("userarn", out var arn) && arn as string == caller.Arn)
                    return Result(mapping, caller.Arn);
            }
        }
        return null;
    }

    private static (string, IReadOnlyList<string>) Result(Dictionary<string, object> mapping, string defaultName) => (
        mapping.TryGetValue("username", out var name) && name is string { Length: > 0 } text ? text : defaultName,
        mapping.TryGetValue("groups", out var groups) && groups is List<object> list ? [.. list.OfType<string>()] : []);

    private static List<Dictionary<string, object>> Read(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml)) return [];
        try
        {
            return Yaml.Deserialize<List<Dictionary<string, object>>>(yaml) ?? [];
        }
        catch (YamlException)
        {
            // A malformed aws-auth authenticates nobody through it, as on EKS.
            return [];
        }
    }
}

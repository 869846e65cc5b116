using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Fargate profiles: create (CREATING, then ACTIVE), describe, list and delete (DELETING, then gone). A profile is
/// immutable; a cluster changes one profile at a time (none is created or deleted while another is CREATING or DELETING).
/// </summary>
internal sealed class FargateProfileOperations(EksStore store, EksNetwork network, EksOptions options) : IOperationGroup
{
    private const int MaxSelectors = 5;
    private const int MaxLabels = 5;

    /// <summary>One change at a time per cluster: the check for a profile in transition and the write are one step.</summary>
    private readonly Lock gate = new();

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateFargateProfile", "eks:CreateFargateProfile", CreateFargateProfile)
        .Add("DescribeFargateProfile", "eks:DescribeFargateProfile", DescribeFargateProfile)
        .Add("ListFargateProfiles", "eks:ListFargateProfiles", ListFargateProfiles)
        .Add("DeleteFargateProfile", "eks:DeleteFargateProfile", DeleteFargateProfile);

    private OperationCall CreateFargateProfile(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var body = Body(context);
        var tags = EksTags.Read(body, clusterName);
        return Answer(context, new Access(EksStore.ClusterArn(context, clusterName)) { ContextKeys = RequestTagKeys.Of(tags) }, () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var name = body.OptionalString("fargateProfileName") ?? throw EksErrors.InvalidParameter("The request must contain the parameter fargateProfileName.", clusterName);
            if (name.Length is < 1 or > 100 || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw EksErrors.InvalidParameter($"The Fargate Profile name '{name}' is not valid: use 1-100 letters, digits, hyphens and underscores, starting with a letter or digit.", clusterName, "fargateProfileName", name);
            var roleArn = body.OptionalString("podExecutionRoleArn")
                ?? throw EksErrors.InvalidParameter("The request must contain the parameter podExecutionRoleArn.", clusterName, "fargateProfileName", name);
            // EKS sees the role as IAM has propagated it.
            var role = store.Iam.Effective.FindRoleByArn(roleArn);
            if (role is null || role.AccountId != cluster.AccountId)
                throw EksErrors.InvalidParameter($"The Pod execution role {roleArn} does not exist.", clusterName, "fargateProfileName", name);
            if (!EksTrust.Allows(role.AssumeRolePolicyDocument, EksTrust.FargatePods))
                throw EksErrors.InvalidParameter("Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal", clusterName, "fargateProfileName", name);
            var selectors = Selectors(body, clusterName, name);
            var subnets = Subnets(body, cluster, name);

            var now = context.Time.GetUtcNow();
            var profile = new EksFargateProfileRecord
            {
                AccountId = cluster.AccountId,
                Region = cluster.Region,
                ClusterName = cluster.Name,
                ClusterUid = cluster.Uid,
                FargateProfileName = name,
                FargateProfileArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:fargateprofile/{cluster.Name}/{name}/{Guid.NewGuid()}",
                PodExecutionRoleArn = role.Arn,
                Subnets = subnets,
                Selectors = selectors,
                Status = "CREATING",
                CreatedAt = now,
                SettlesAt = now + options.FargateProfileTransition,
                Tags = tags,
            };
            lock (gate)
            {
                var profiles = store.ProfilesOf(cluster);
                if (profiles.Any(p => p.FargateProfileName == name))
                    throw EksErrors.InUse("A Fargate Profile already exists with this name in this cluster.", clusterName, "fargateProfileName", name);
                if (profiles.FirstOrDefault(p => p.Status is "CREATING" or "DELETING") is { } busy)
                {
                    throw EksErrors.InUse($"Cannot create Fargate Profile {name} because cluster {clusterName} currently has Fargate profile {busy.FargateProfileName} in status {busy.Status}",
                        clusterName, "fargateProfileName", name);
                }
                store.FargateProfiles.Put(EksStore.PartKey(cluster, name), profile);
            }
            return new JsonObject { ["fargateProfile"] = ProfileJson(profile) };
        });
    }

    private OperationCall DescribeFargateProfile(AwsRequestContext context)
    {
        var (cluster, profile) = Require(context);
        return Answer(context, profile.FargateProfileArn, () =>
            new JsonObject { ["fargateProfile"] = ProfileJson(Current(cluster, profile.FargateProfileName)) });
    }

    /// <summary>ListFargateProfiles: the cluster's profile names in name order, paged.</summary>
    private OperationCall ListFargateProfiles(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, clusterName), () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var page = Page(context, clusterName);
            var names = store.ProfilesOf(cluster).Select(p => p.FargateProfileName).ToList();
            return new JsonObject().WithPage("fargateProfileNames", names, page, n => n);
        });
    }

    /// <summary>DeleteFargateProfile: DELETING, gone once EKS has drained it; refused while another profile is changing.</summary>
    private OperationCall DeleteFargateProfile(AwsRequestContext context)
    {
        var (cluster, profile) = Require(context);
        return Answer(context, profile.FargateProfileArn, () =>
        {
            EksFargateProfileRecord deleting;
            lock (gate)
            {
                var profiles = store.ProfilesOf(cluster);
                var current = profiles.FirstOrDefault(p => p.FargateProfileName == profile.FargateProfileName)
                    ?? throw EksErrors.ProfileNotFound(cluster.Name, profile.FargateProfileName);
                if (profiles.FirstOrDefault(p => p.FargateProfileName != current.FargateProfileName && p.Status is "CREATING" or "DELETING") is { } busy)
                {
                    throw EksErrors.InUse($"Cannot Delete Fargate Profile {current.FargateProfileName} because cluster {cluster.Name} currently has Fargate profile {busy.FargateProfileName} in status {busy.Status}",
                        cluster.Name, "fargateProfileName", current.FargateProfileName);
                }
                deleting = current.Status == "DELETING" ? current : current with { Status = "DELETING", SettlesAt = context.Time.GetUtcNow() + options.FargateProfileTransition };
                store.FargateProfiles.Put(EksStore.PartKey(cluster, current.FargateProfileName), deleting);
            }
            return new JsonObject { ["fargateProfile"] = ProfileJson(deleting) };
        });
    }

    private (EksClusterRecord Cluster, EksFargateProfileRecord Profile) Require(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var name = Path(context, "fargateProfileName");
        var cluster = store.RequireCluster(context, clusterName);
        return (cluster, Current(cluster, name));
    }

    private EksFargateProfileRecord Current(EksClusterRecord cluster, string name) =>
        store.ProfilesOf(cluster).FirstOrDefault(p => p.FargateProfileName == name) ?? throw EksErrors.ProfileNotFound(cluster.Name, name);

    /// <summary>1–5 selectors, each with a namespace and at most 5 labels.</summary>
    private static List<EksFargateSelector> Selectors(JsonObject body, string clusterName, string name)
    {
        var given = body.ObjectList("selectors");
        if (given.Count == 0) throw EksErrors.InvalidParameter("Fargate Profile must have at least one selector.", clusterName, "fargateProfileName", name);
        if (given.Count > MaxSelectors)
            throw EksErrors.InvalidParameter($"Fargate Profile can have at most {MaxSelectors} selectors.", clusterName, "fargateProfileName", name);
        var selectors = new List<EksFargateSelector>();
        foreach (var selector in given)
        {
            var ns = selector.OptionalString("namespace");
            if (string.IsNullOrEmpty(ns) || ns.Length > 63)
                throw EksErrors.InvalidParameter("Each Fargate Profile selector must have a namespace (1-63 characters).", clusterName, "fargateProfileName", name);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (selector.OptionalObject("labels") is { } map)
            {
                foreach (var (key, value) in map)
                {
                    if (key.Length is < 1 or > 317 || JsonProtocol.Text(value) is not { Length: <= 63 } text)
                        throw EksErrors.InvalidParameter($"Fargate Profile selector label {key} is not valid.", clusterName, "fargateProfileName", name);
                    labels[key] = text;
                }
            }
            if (labels.Count > MaxLabels)
                throw EksErrors.InvalidParameter($"A Fargate Profile selector can have at most {MaxLabels} labels.", clusterName, "fargateProfileName", name);
            selectors.Add(new EksFargateSelector { Namespace = ns, Labels = labels });
        }
        return selectors;
    }

    /// <summary>The profile's subnets: each must exist in the cluster's VPC and be private; none given is the cluster's private subnets.</summary>
    private List<string> Subnets(JsonObject body, EksClusterRecord cluster, string name)
    {
        var given = body.StringList("subnets");
        var vpcId = EksClusterJson.VpcId(cluster);
        if (given.Count == 0)
        {
            var own = EksClusterJson.ClusterSubnetIds(cluster)
                .Select(id => network.Find(cluster.AccountId, cluster.Region, id))
                .Where(s => s is { IsPublic: false })
                .Select(s => s!.SubnetId)
                .ToList();
            return own.Count > 0 ? own : throw EksErrors.InvalidParameter(
                "The cluster has no private subnets for the Fargate Profile; specify private subnets.", cluster.Name, "fargateProfileName", name);
        }
        foreach (var id in given)
        {
            var subnet = network.Require(cluster.AccountId, cluster.Region, id, cluster.Name);
            if (vpcId is not null && subnet.VpcId != vpcId)
                throw EksErrors.InvalidParameter($"Subnet {id} provided in Fargate Profile is not in the cluster's VPC {vpcId}.", cluster.Name, "fargateProfileName", name);
            if (subnet.IsPublic)
                throw EksErrors.InvalidParameter($"Subnet {id} provided in Fargate Profile is not a private subnet", cluster.Name, "fargateProfileName", name);
        }
        return [.. given.Distinct(StringComparer.Ordinal)];
    }

    private static JsonObject ProfileJson(EksFargateProfileRecord profile) => new()
    {
        ["fargateProfileName"] = profile.FargateProfileName,
        ["fargateProfileArn"] = profile.FargateProfileArn,
        ["clusterName"] = profile.ClusterName,
        ["createdAt"] = JsonProtocol.Epoch(profile.CreatedAt),
        ["podExecutionRoleArn"] = profile.PodExecutionRoleArn,
        ["subnets"] = new JsonArray([.. profile.Subnets.Select(s => (JsonNode)s)]),
        ["selectors"] = new JsonArray([.. profile.Selectors.Select(s => (JsonNode)new JsonObject
        {
            ["namespace"] = s.Namespace,
            ["labels"] = EksTags.ToJson(s.Labels),
        })]),
        ["status"] = profile.Status,
        ["tags"] = EksTags.ToJson(profile.Tags),
        ["health"] = new JsonObject { ["issues"] = new JsonArray() },
    };
}

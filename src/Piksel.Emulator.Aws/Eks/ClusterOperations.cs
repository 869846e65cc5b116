using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>Clusters: create (starting the cluster's API server), describe, list, delete (stopping it).</summary>
internal sealed class ClusterOperations(EksStore store, EksClusterHost host, EksNetwork network) : IOperationGroup
{
    private static readonly string[] AuthenticationModes = ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateCluster", "eks:CreateCluster", CreateCluster)
        .Add("DescribeCluster", "eks:DescribeCluster", DescribeCluster)
        .Add("ListClusters", "eks:ListClusters", ListClusters)
        .Add("DeleteCluster", "eks:DeleteCluster", DeleteCluster);

    /// <summary>
    /// CreateCluster: validates as EKS does (name, version, a role the caller may pass and EKS may assume, the VPC
    /// config), answers CREATING and starts the cluster's API server in the background; ACTIVE once it serves.
    /// </summary>
    private OperationCall CreateCluster(AwsRequestContext context)
    {
        var body = Body(context);
        var name = body.OptionalString("name") ?? throw EksErrors.InvalidParameter("The request must contain the parameter name.");
        if (name.Length is < 1 or > 100 || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw EksErrors.InvalidParameter($"The cluster name '{name}' is not valid: use 1-100 letters, digits, hyphens and underscores, starting with a letter or digit.", name);
        var arn = EksStore.ClusterArn(context, name);
        var tags = EksTags.Read(body, name);
        return OperationCall.On(new Access(arn) { ContextKeys = RequestTagKeys.Of(tags) }, () => Create(context, body, name, arn, tags));
    }

    private Task Create(AwsRequestContext context, JsonObject body, string name, string arn, Dictionary<string, string> tags)
    {
        var version = body.OptionalString("version") ?? EksService.DefaultVersion;
        if (!EksService.SupportedVersions.Contains(version)) throw EksErrors.InvalidParameter($"unsupported Kubernetes version {version}", name);
        var roleArn = body.OptionalString("roleArn") ?? throw EksErrors.InvalidParameter("The request must contain the parameter roleArn.", name);
        // iam:PassRole is checked after the version and roleArn are, so it stays in the handler rather than beside the declared action.
        context.Authorize("iam:PassRole", roleArn, contextKeys: new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["iam:PassedToService"] = ["eks.amazonaws.com"],
        });
        // EKS sees the role as IAM has propagated it: one created a moment ago "could not be assumed" yet.
        var role = store.Iam.Effective.FindRoleByArn(roleArn);
        if (role is null || role.AccountId != context.AccountId || !EksTrust.AllowsEks(role.AssumeRolePolicyDocument))
            throw EksErrors.InvalidParameter($"Role with arn: {roleArn}, could not be assumed because it does not exist or the trusted entity is not correct", name);

        var vpc = body["resourcesVpcConfig"] as JsonObject ?? throw EksErrors.InvalidParameter("The request must contain the parameter resourcesVpcConfig.", name);
        var access = body["accessConfig"] as JsonObject;
        var mode = access?.OptionalString("authenticationMode") ?? "CONFIG_MAP";
        if (!AuthenticationModes.Contains(mode))
            throw EksErrors.InvalidParameter($"authenticationMode {mode} is not valid; use one of {string.Join(", ", AuthenticationModes)}.", name);
        var bootstrap = access?.OptionalBool("bootstrapClusterCreatorAdminPermissions") ?? true;
        if (!bootstrap && mode == "CONFIG_MAP")
            throw EksErrors.InvalidParameter("bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP", name);
        var supportType = (body["upgradePolicy"] as JsonObject)?.OptionalString("supportType") ?? "EXTENDED";
        if (supportType is not ("STANDARD" or "EXTENDED"))
            throw EksErrors.InvalidParameter($"upgradePolicy.supportType {supportType} is not valid; use STANDARD or EXTENDED.", name);
        var encryption = body["encryptionConfig"] as JsonArray;
        if (encryption is not null) ValidateEncryption(encryption, name);
        // The subnets last: what EKS reads from EC2 once the request itself is sound.
        var subnets = network.ClusterSubnets(context.AccountId, context.Region, EksClusterJson.SubnetIds(vpc, name), name);
        var vpcConfig = EksClusterJson.VpcConfig(vpc, name, subnets[0].VpcId);
        var networkConfig = EksClusterJson.NetworkConfig(body["kubernetesNetworkConfig"] as JsonObject, name);
        var key = EksStore.ClusterKey(context.AccountId, context.Region, name);
        if (store.Clusters.Find(key) is { } taken) return Existing(context, taken, body.OptionalString("clientRequestToken"), name);
        var securityGroup = network.CreateClusterSecurityGroup(context.AccountId, context.Region, subnets[0].VpcId, name);
        vpcConfig["clusterSecurityGroupId"] = securityGroup;

        var record = new EksClusterRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = name,
            Uid = Guid.NewGuid().ToString(),
            Arn = arn,
            CreatedAt = context.Time.GetUtcNow(),
            Version = version,
            RoleArn = role.Arn,
            Status = EksClusterStatus.Creating,
            Issuer = $"https://oidc.eks.{context.Region}.amazonaws.com/id/{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
            VpcConfig = vpcConfig.ToJsonString(),
            NetworkConfig = networkConfig.ToJsonString(),
            Logging = EksClusterJson.Logging(body["logging"] as JsonObject).ToJsonString(),
            EncryptionConfig = encryption?.ToJsonString(),
            AuthenticationMode = mode,
            BootstrapClusterCreatorAdminPermissions = bootstrap,
            CreatorArn = EksService.IdentityArn(context.Caller),
            ClientRequestToken = body.OptionalString("clientRequestToken"),
            SupportType = supportType,
            Tags = tags,
        };
        if (!store.Clusters.TryAdd(key, record))
        {
            // Lost a race for the name: the group made for this request goes again, nothing is left half-created.
            network.DeleteClusterSecurityGroup(context.AccountId, context.Region, securityGroup);
            return Existing(context, store.Clusters.Find(key), record.ClientRequestToken, name);
        }
        if (bootstrap && mode != "CONFIG_MAP") store.AddCreatorEntry(record, context.Caller);
        host.Launch(key, record);
        return Write(context, new JsonObject { ["cluster"] = EksClusterJson.Cluster(record) });
    }

    /// <summary>A retry with the same client token is the same request (idempotency), anything else a conflict.</summary>
    private static Task Existing(AwsRequestContext context, EksClusterRecord? existing, string? clientRequestToken, string name) =>
        existing is not null && clientRequestToken is not null && existing.ClientRequestToken == clientRequestToken
            ? Write(context, new JsonObject { ["cluster"] = EksClusterJson.Cluster(existing) })
            : throw EksErrors.ClusterExists(name);

    private OperationCall DescribeCluster(AwsRequestContext context)
    {
        var name = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, name), () => new JsonObject { ["cluster"] = EksClusterJson.Cluster(store.RequireCluster(context, name)) });
    }

    /// <summary>ListClusters: the region's cluster names in creation order, paged by maxResults/nextToken.</summary>
    private OperationCall ListClusters(AwsRequestContext context) =>
        Answer(context, $"arn:aws:eks:{context.Region}:{context.AccountId}:cluster/*", () =>
        {
            var names = store.Clusters.Values
                .Where(c => c.AccountId == context.AccountId && c.Region == context.Region)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => c.Name)
                .ToList();
            return new JsonObject().WithPage("clusters", names, Page(context), n => n);
        });

    /// <summary>DeleteCluster: answers DELETING; the API server stops, its data and access entries go, then the cluster is gone.</summary>
    private OperationCall DeleteCluster(AwsRequestContext context)
    {
        var name = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, name), () =>
        {
            var key = EksStore.ClusterKey(context.AccountId, context.Region, name);
            // EKS refuses while Fargate profiles remain: they go first.
            if (store.Clusters.Find(key) is { Status: not EksClusterStatus.Deleting } cluster && store.ProfilesOf(cluster).FirstOrDefault() is { } profile)
                throw EksErrors.InUse($"Cannot delete because cluster {name} currently has Fargate profile {profile.FargateProfileName} in status {profile.Status}", name);
            var deleting = store.Clusters.Update(key, r => r is null || r.Status == EksClusterStatus.Deleting ? r : r with { Status = EksClusterStatus.Deleting })
                ?? throw EksErrors.ClusterNotFound(name);
            host.Delete(key, deleting);
            return new JsonObject { ["cluster"] = EksClusterJson.Cluster(deleting) };
        });
    }

    private static void ValidateEncryption(JsonArray encryption, string name)
    {
        if (encryption.Count > 1) throw EksErrors.InvalidParameter("encryptionConfig may hold at most one entry.", name);
        foreach (var item in encryption)
        {
            var resources = (item as JsonObject)?["resources"] as JsonArray;
            if (resources is null || resources.Count != 1 || resources[0] is not JsonValue only || !only.TryGetValue<string>(out var resource) || resource != "secrets")
                throw EksErrors.InvalidParameter("encryptionConfig resources must be [\"secrets\"].", name);
            if (((item as JsonObject)?["provider"] as JsonObject)?.OptionalString("keyArn") is not { Length: > 0 })
                throw EksErrors.InvalidParameter("encryptionConfig provider.keyArn is required.", name);
        }
    }
}

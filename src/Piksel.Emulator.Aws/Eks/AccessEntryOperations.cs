using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Access entries: IAM roles and users let into a cluster as Kubernetes users and groups. An existing entry's
/// operations are authorized on the entry's ARN, so a missing cluster or entry answers before any denial.
/// </summary>
internal sealed class AccessEntryOperations(EksStore store) : IOperationGroup
{
    private static readonly string[] Types = ["STANDARD", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateAccessEntry", "eks:CreateAccessEntry", CreateAccessEntry)
        .Add("DescribeAccessEntry", "eks:DescribeAccessEntry", DescribeAccessEntry)
        .Add("UpdateAccessEntry", "eks:UpdateAccessEntry", UpdateAccessEntry)
        .Add("ListAccessEntries", "eks:ListAccessEntries", ListAccessEntries)
        .Add("DeleteAccessEntry", "eks:DeleteAccessEntry", DeleteAccessEntry);

    /// <summary>CreateAccessEntry: an IAM role or user (never a session) let into the cluster as a Kubernetes user and groups.</summary>
    private OperationCall CreateAccessEntry(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var body = Body(context);
        var principalArn = body.OptionalString("principalArn") ?? throw EksErrors.InvalidParameter("The request must contain the parameter principalArn.", clusterName);
        var tags = EksTags.Read(body, clusterName);
        var access = new Access(EksStore.ClusterArn(context, clusterName)) { ContextKeys = RequestTagKeys.Of(tags) };
        return Answer(context, access, () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            RequireApiMode(cluster);
            var type = body.OptionalString("type") ?? "STANDARD";
            if (!Types.Contains(type)) throw EksErrors.InvalidParameter($"The access entry type {type} is not valid.", clusterName);
            var (kind, name) = PrincipalOf(principalArn, clusterName);
            if (type != "STANDARD" && kind != "role")
                throw EksErrors.InvalidParameter($"Access entries of type {type} take an IAM role ARN.", clusterName);
            var groups = Groups(body, clusterName);
            var username = body.OptionalString("username");
            if (username is not null) EksUsernames.Validate(username, clusterName);

            var now = context.Time.GetUtcNow();
            var entry = new EksAccessEntryRecord
            {
                AccountId = cluster.AccountId,
                Region = cluster.Region,
                ClusterName = cluster.Name,
                ClusterUid = cluster.Uid,
                PrincipalArn = principalArn,
                AccessEntryArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:access-entry/{cluster.Name}/{kind}/{Arn.TryParse(principalArn)!.Account}/{name}/{Guid.NewGuid()}",
                KubernetesGroups = groups,
                Username = username ?? EksUsernames.Default(principalArn, type),
                Type = type,
                CreatedAt = now,
                ModifiedAt = now,
                Tags = tags,
            };
            if (!store.Entries.TryAdd(EksStore.EntryKey(cluster, principalArn), entry))
                throw EksErrors.InUse("The specified access entry resource is already in use on this cluster.", clusterName);
            return new JsonObject { ["accessEntry"] = EntryJson(entry) };
        });
    }

    private OperationCall DescribeAccessEntry(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.FindEntry(cluster, Path(context, "principalArn"));
        // Without an entry there is no entry ARN to ask about: the action is asked on the cluster, before the not-found answer.
        return Answer(context, entry?.AccessEntryArn ?? cluster.Arn,
            () => new JsonObject { ["accessEntry"] = EntryJson(entry ?? throw EksErrors.EntryNotFound(clusterName)) });
    }

    /// <summary>UpdateAccessEntry: new groups and/or username (STANDARD entries only take groups).</summary>
    private OperationCall UpdateAccessEntry(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var principalArn = Path(context, "principalArn");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.RequireEntry(cluster, principalArn, clusterName);
        return Answer(context, entry.AccessEntryArn, () =>
        {
            var body = Body(context);
            var groups = body["kubernetesGroups"] is null ? null : Groups(body, clusterName);
            var username = body.OptionalString("username");
            if (username is not null) EksUsernames.Validate(username, clusterName);
            var updated = store.Entries.Update(EksStore.EntryKey(cluster, principalArn), e => e is null ? null : e with
            {
                KubernetesGroups = groups ?? e.KubernetesGroups,
                Username = username ?? e.Username,
                ModifiedAt = context.Time.GetUtcNow(),
            }) ?? throw EksErrors.EntryNotFound(clusterName);
            return new JsonObject { ["accessEntry"] = EntryJson(updated) };
        });
    }

    /// <summary>ListAccessEntries: principal ARNs, optionally only those with <c>associatedPolicyArn</c>.</summary>
    private OperationCall ListAccessEntries(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, clusterName), () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var page = Page(context, clusterName);
            var policy = Query(context, "associatedPolicyArn");
            var arns = store.EntriesOf(cluster)
                .Where(e => policy is null || e.Policies.Any(p => p.PolicyArn == policy))
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.PrincipalArn, StringComparer.Ordinal)
                .Select(e => e.PrincipalArn)
                .ToList();
            return new JsonObject().WithPage("accessEntries", arns, page, a => a);
        });
    }

    private OperationCall DeleteAccessEntry(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var principalArn = Path(context, "principalArn");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.RequireEntry(cluster, principalArn, clusterName);
        return Answer(context, entry.AccessEntryArn, () =>
        {
            store.Entries.Remove(EksStore.EntryKey(cluster, principalArn));
            return new JsonObject();
        });
    }

    /// <summary>
    /// Checks that <paramref name="principalArn"/> is an existing IAM role or user, as IAM has propagated it (a role
    /// created a moment ago is an "invalid principal" to EKS for a while); answers its kind and name.
    /// </summary>
    private (string Kind, string Name) PrincipalOf(string principalArn, string clusterName)
    {
        var arn = Arn.TryParse(principalArn);
        if (arn is null || arn.Service != "iam")
            throw EksErrors.InvalidParameter($"The specified principalArn is invalid: {principalArn} is not an IAM role or user ARN (sessions cannot be access entries).", clusterName);
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        if (arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            return store.Iam.Effective.FindRoleByArn(principalArn) is not null ? ("role", name) : throw InvalidPrincipal(principalArn, clusterName);
        if (arn.Resource.StartsWith("user/", StringComparison.Ordinal))
            return store.Iam.Effective.FindUser(arn.Account, name) is { } user && user.Arn == principalArn ? ("user", name) : throw InvalidPrincipal(principalArn, clusterName);
        throw EksErrors.InvalidParameter($"The specified principalArn is invalid: {principalArn} is not an IAM role or user ARN.", clusterName);
    }

    private static AwsServiceException InvalidPrincipal(string principalArn, string clusterName) =>
        EksErrors.InvalidParameter($"The specified principalArn is invalid: invalid principal {principalArn}.", clusterName);

    private static List<string> Groups(JsonObject body, string clusterName)
    {
        if (body["kubernetesGroups"] is null) return [];
        if (body["kubernetesGroups"] is not JsonArray array) throw EksErrors.InvalidParameter("kubernetesGroups must be a list of strings.", clusterName);
        var groups = new List<string>();
        foreach (var node in array)
        {
            if (node is not JsonValue v || !v.TryGetValue<string>(out var group) || group.Length == 0)
                throw EksErrors.InvalidParameter("kubernetesGroups must be a list of non-empty strings.", clusterName);
            if (group.StartsWith("system:", StringComparison.Ordinal))
                throw EksErrors.InvalidParameter($"The kubernetes group name {group} is invalid, it cannot start with system:", clusterName);
            groups.Add(group);
        }
        return groups;
    }

    /// <summary>Access entries need the API (or API_AND_CONFIG_MAP) authentication mode.</summary>
    private static void RequireApiMode(EksClusterRecord cluster)
    {
        if (cluster.AuthenticationMode == "CONFIG_MAP")
            throw EksErrors.InvalidRequest("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", cluster.Name);
    }

    private static JsonObject EntryJson(EksAccessEntryRecord entry) => new()
    {
        ["clusterName"] = entry.ClusterName,
        ["principalArn"] = entry.PrincipalArn,
        ["kubernetesGroups"] = new JsonArray([.. entry.KubernetesGroups.Select(g => (JsonNode)g)]),
        ["accessEntryArn"] = entry.AccessEntryArn,
        ["createdAt"] = JsonProtocol.Epoch(entry.CreatedAt),
        ["modifiedAt"] = JsonProtocol.Epoch(entry.ModifiedAt),
        ["tags"] = EksTags.ToJson(entry.Tags),
        ["username"] = entry.Username,
        ["type"] = entry.Type,
    };
}

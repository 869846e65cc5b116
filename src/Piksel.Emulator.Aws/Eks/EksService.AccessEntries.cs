using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

public sealed partial class EksService
{
    private static readonly string[] ReservedUsernamePrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"];

    /// <summary>CreateAccessEntry: an IAM role or user (never a session) let into the cluster as a Kubernetes user and groups.</summary>
    private Task CreateAccessEntry(AwsRequestContext context, string clusterName)
    {
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var principalArn = body.OptionalString("principalArn") ?? throw EksErrors.InvalidParameter("The request must contain the parameter principalArn.", clusterName);
        var tags = EksTags.Read(body, clusterName);
        context.Authorize("eks:CreateAccessEntry", ClusterArn(context, clusterName), contextKeys: RequestTagKeys.Of(tags));
        var cluster = RequireCluster(context, clusterName);
        RequireApiMode(cluster);
        var type = body.OptionalString("type") ?? "STANDARD";
        if (type is not ("STANDARD" or "EC2_LINUX" or "EC2_WINDOWS" or "FARGATE_LINUX" or "EC2" or "HYBRID_LINUX" or "HYPERPOD_LINUX"))
            throw EksErrors.InvalidParameter($"The access entry type {type} is not valid.", clusterName);
        var (kind, name) = PrincipalOf(principalArn, clusterName);
        if (type != "STANDARD" && kind != "role")
            throw EksErrors.InvalidParameter($"Access entries of type {type} take an IAM role ARN.", clusterName);
        var groups = Groups(body, clusterName);
        var username = body.OptionalString("username");
        if (username is not null) ValidateUsername(username, clusterName);

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
            Username = username ?? DefaultUsername(principalArn, type),
            Type = type,
            CreatedAt = now,
            ModifiedAt = now,
            Tags = tags,
        };
        if (!entries.TryAdd(EntryKey(cluster, principalArn), entry))
            throw EksErrors.InUse("The specified access entry resource is already in use on this cluster.", clusterName);
        return Write(context, new JsonObject { ["accessEntry"] = EntryJson(entry) });
    }

    private Task DescribeAccessEntry(AwsRequestContext context, string clusterName, string principalArn)
    {
        var cluster = RequireCluster(context, clusterName);
        var entry = FindEntry(cluster, principalArn);
        context.Authorize("eks:DescribeAccessEntry", entry?.AccessEntryArn ?? cluster.Arn);
        return Write(context, new JsonObject { ["accessEntry"] = EntryJson(entry ?? throw EntryNotFound(clusterName)) });
    }

    /// <summary>UpdateAccessEntry: new groups and/or username (STANDARD entries only take groups).</summary>
    private Task UpdateAccessEntry(AwsRequestContext context, string clusterName, string principalArn)
    {
        var cluster = RequireCluster(context, clusterName);
        var entry = FindEntry(cluster, principalArn) ?? throw EntryNotFound(clusterName);
        context.Authorize("eks:UpdateAccessEntry", entry.AccessEntryArn);
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var groups = body["kubernetesGroups"] is null ? null : Groups(body, clusterName);
        var username = body.OptionalString("username");
        if (username is not null) ValidateUsername(username, clusterName);
        var updated = entries.Update(EntryKey(cluster, principalArn), e => e is null ? null : e with
        {
            KubernetesGroups = groups ?? e.KubernetesGroups,
            Username = username ?? e.Username,
            ModifiedAt = context.Time.GetUtcNow(),
        }) ?? throw EntryNotFound(clusterName);
        return Write(context, new JsonObject { ["accessEntry"] = EntryJson(updated) });
    }

    /// <summary>ListAccessEntries: principal ARNs, optionally only those with <c>associatedPolicyArn</c>.</summary>
    private Task ListAccessEntries(AwsRequestContext context, string clusterName)
    {
        context.Authorize("eks:ListAccessEntries", ClusterArn(context, clusterName));
        var cluster = RequireCluster(context, clusterName);
        var (max, start) = Page(context, clusterName);
        var policy = QueryValue(context, "associatedPolicyArn");
        var arns = EntriesOf(cluster)
            .Where(e => policy is null || e.Policies.Any(p => p.PolicyArn == policy))
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.PrincipalArn, StringComparer.Ordinal)
            .Select(e => e.PrincipalArn)
            .ToList();
        var json = new JsonObject { ["accessEntries"] = new JsonArray([.. arns.Skip(start).Take(max).Select(a => (JsonNode)a)]) };
        if (NextToken(start, max, arns.Count) is { } next) json["nextToken"] = next;
        return Write(context, json);
    }

    private Task DeleteAccessEntry(AwsRequestContext context, string clusterName, string principalArn)
    {
        var cluster = RequireCluster(context, clusterName);
        var entry = FindEntry(cluster, principalArn) ?? throw EntryNotFound(clusterName);
        context.Authorize("eks:DeleteAccessEntry", entry.AccessEntryArn);
        entries.Remove(EntryKey(cluster, principalArn));
        return Write(context, new JsonObject());
    }

    /// <summary>The caller's access entry on <paramref name="cluster"/>: by the caller's IAM identity (a session by its role).</summary>
    private EksAccessEntryRecord? FindEntryForCaller(EksClusterRecord cluster, Principal caller)
    {
        if (FindEntry(cluster, IdentityArn(caller)) is { } exact) return exact;
        if (caller.Kind != PrincipalKind.AssumedRole || caller.RoleName is null) return null;
        // A role's entry may name it with its path; the session knows it by name.
        return EntriesOf(cluster).FirstOrDefault(e => Arn.TryParse(e.PrincipalArn) is { } arn && arn.Account == caller.AccountId
            && arn.Resource.StartsWith("role/", StringComparison.Ordinal) && arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..] == caller.RoleName);
    }

    private EksAccessEntryRecord? FindEntry(EksClusterRecord cluster, string principalArn) =>
        entries.Find(EntryKey(cluster, principalArn)) is { } entry && entry.ClusterUid == cluster.Uid ? entry : null;

    private IEnumerable<EksAccessEntryRecord> EntriesOf(EksClusterRecord cluster) =>
        entries.Values.Where(e => e.ClusterUid == cluster.Uid);

    private void RemoveEntries(EksClusterRecord cluster)
    {
        foreach (var entry in EntriesOf(cluster).ToList()) entries.Remove(EntryKey(cluster, entry.PrincipalArn));
    }

    /// <summary>The creator's admin entry (bootstrapClusterCreatorAdminPermissions): AmazonEKSClusterAdminPolicy on the whole cluster.</summary>
    private void AddCreatorEntry(EksClusterRecord cluster, Principal creator)
    {
        var principalArn = cluster.CreatorArn;
        var arn = Arn.TryParse(principalArn)!;
        var kind = arn.Resource.StartsWith("role/", StringComparison.Ordinal) ? "role" : arn.Resource.StartsWith("user/", StringComparison.Ordinal) ? "user" : "root";
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        entries.Put(EntryKey(cluster, principalArn), new EksAccessEntryRecord
        {
            AccountId = cluster.AccountId,
            Region = cluster.Region,
            ClusterName = cluster.Name,
            ClusterUid = cluster.Uid,
            PrincipalArn = principalArn,
            AccessEntryArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:access-entry/{cluster.Name}/{kind}/{creator.AccountId}/{name}/{Guid.NewGuid()}",
            Username = DefaultUsername(principalArn, "STANDARD"),
            CreatedAt = cluster.CreatedAt,
            ModifiedAt = cluster.CreatedAt,
            Policies =
            [
                new EksAssociatedPolicy { PolicyArn = EksAccessPolicies.ClusterAdmin, ScopeType = "cluster", AssociatedAt = cluster.CreatedAt, ModifiedAt = cluster.CreatedAt },
            ],
        });
    }

    /// <summary>
    /// The user name EKS picks when none is given: a role's sessions are <c>arn:aws:sts::A:assumed-role/R/{{SessionName}}</c>,
    /// a user is its ARN; node roles are <c>system:node:{{EC2PrivateDNSName}}</c>.
    /// </summary>
    private static string DefaultUsername(string principalArn, string type)
    {
        var arn = Arn.TryParse(principalArn)!;
        if (type is "EC2_LINUX" or "EC2_WINDOWS" or "EC2" or "HYBRID_LINUX" or "HYPERPOD_LINUX") return "system:node:{{EC2PrivateDNSName}}";
        if (type == "FARGATE_LINUX") return "system:node:{{SessionName}}";
        if (!arn.Resource.StartsWith("role/", StringComparison.Ordinal)) return principalArn;
        var roleName = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        return $"arn:{arn.Partition}:sts::{arn.Account}:assumed-role/{roleName}/{{{{SessionName}}}}";
    }

    /// <summary>Checks that <paramref name="principalArn"/> is an existing IAM role or user; answers its kind and name.</summary>
    private (string Kind, string Name) PrincipalOf(string principalArn, string clusterName)
    {
        var arn = Arn.TryParse(principalArn);
        if (arn is null || arn.Service != "iam")
            throw EksErrors.InvalidParameter($"The specified principalArn is invalid: {principalArn} is not an IAM role or user ARN (sessions cannot be access entries).", clusterName);
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        if (arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            return state.Iam.FindRoleByArn(principalArn) is not null ? ("role", name) : throw InvalidPrincipal(principalArn, clusterName);
        if (arn.Resource.StartsWith("user/", StringComparison.Ordinal))
            return state.Iam.FindUser(arn.Account, name) is { } user && user.Arn == principalArn ? ("user", name) : throw InvalidPrincipal(principalArn, clusterName);
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

    private static void ValidateUsername(string username, string clusterName)
    {
        if (username.Length == 0 || ReservedUsernamePrefixes.Any(p => username.StartsWith(p, StringComparison.Ordinal)))
            throw EksErrors.InvalidParameter($"The username {username} is invalid, it cannot be empty or start with {string.Join(", ", ReservedUsernamePrefixes)}", clusterName);
    }

    /// <summary>Access entries need the API (or API_AND_CONFIG_MAP) authentication mode.</summary>
    private static void RequireApiMode(EksClusterRecord cluster)
    {
        if (cluster.AuthenticationMode == "CONFIG_MAP")
            throw EksErrors.InvalidRequest("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", cluster.Name);
    }

    private static AwsServiceException EntryNotFound(string clusterName) =>
        EksErrors.NotFound("The specified access entry resource is not found.", clusterName);

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

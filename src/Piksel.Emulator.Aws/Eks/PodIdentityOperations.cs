using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Pod Identity associations: one per service account, naming the role its pods get through EKS Auth
/// (AssumeRoleForPodIdentity). Creating or changing one passes the role to <c>pods.eks.amazonaws.com</c> (iam:PassRole).
/// </summary>
internal sealed class PodIdentityOperations(EksStore store) : IOperationGroup
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreatePodIdentityAssociation", "eks:CreatePodIdentityAssociation", CreateAssociation)
        .Add("DescribePodIdentityAssociation", "eks:DescribePodIdentityAssociation", DescribeAssociation)
        .Add("ListPodIdentityAssociations", "eks:ListPodIdentityAssociations", ListAssociations)
        .Add("UpdatePodIdentityAssociation", "eks:UpdatePodIdentityAssociation", UpdateAssociation)
        .Add("DeletePodIdentityAssociation", "eks:DeletePodIdentityAssociation", DeleteAssociation);

    private OperationCall CreateAssociation(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var body = Body(context);
        var tags = EksTags.Read(body, clusterName);
        return Answer(context, new Access(EksStore.ClusterArn(context, clusterName)) { ContextKeys = RequestTagKeys.Of(tags) }, () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var ns = KubernetesName(body, "namespace", clusterName);
            var serviceAccount = KubernetesName(body, "serviceAccount", clusterName);
            var roleArn = RoleArn(body.OptionalString("roleArn"), "roleArn", clusterName)
                ?? throw EksErrors.InvalidParameter("The request must contain the parameter roleArn.", clusterName);
            var targetRoleArn = RoleArn(body.OptionalString("targetRoleArn"), "targetRoleArn", clusterName);
            PassRole(context, roleArn);
            var association = NewAssociation(cluster, ns, serviceAccount, roleArn, context.Time.GetUtcNow(), tags) with
            {
                TargetRoleArn = targetRoleArn,
                DisableSessionTags = body.OptionalBool("disableSessionTags") ?? false,
            };
            lock (store.AssociationGate)
            {
                AddonAssociations.CheckFree(store, cluster, [association]);
                store.Associations.Put(EksStore.PartKey(cluster, association.AssociationId), association);
            }
            return new JsonObject { ["association"] = AssociationJson(association) };
        });
    }

    private OperationCall DescribeAssociation(AwsRequestContext context)
    {
        var (cluster, association) = Require(context);
        return Answer(context, association.AssociationArn, () => new JsonObject { ["association"] = AssociationJson(Current(cluster, association.AssociationId)) });
    }

    /// <summary>ListPodIdentityAssociations: summaries, optionally only a namespace's or a service account's, oldest first, paged.</summary>
    private OperationCall ListAssociations(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        return Answer(context, EksStore.ClusterArn(context, clusterName), () =>
        {
            var cluster = store.RequireCluster(context, clusterName);
            var page = Page(context, clusterName);
            var ns = Query(context, "namespace");
            var serviceAccount = Query(context, "serviceAccount");
            var found = store.AssociationsOf(cluster)
                .Where(a => ns is null || a.Namespace == ns)
                .Where(a => serviceAccount is null || a.ServiceAccount == serviceAccount)
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.AssociationId, StringComparer.Ordinal)
                .ToList();
            return new JsonObject().WithPage("associations", found, page, a =>
            {
                var summary = new JsonObject
                {
                    ["clusterName"] = a.ClusterName,
                    ["namespace"] = a.Namespace,
                    ["serviceAccount"] = a.ServiceAccount,
                    ["associationArn"] = a.AssociationArn,
                    ["associationId"] = a.AssociationId,
                };
                if (a.OwnerArn is { } owner) summary["ownerArn"] = owner;
                return summary;
            });
        });
    }

    /// <summary>UpdatePodIdentityAssociation: a new role, target role or session-tag setting; the service account stays.</summary>
    private OperationCall UpdateAssociation(AwsRequestContext context)
    {
        var (cluster, association) = Require(context);
        return Answer(context, association.AssociationArn, () =>
        {
            var body = Body(context);
            var roleArn = RoleArn(body.OptionalString("roleArn"), "roleArn", cluster.Name);
            var targetRoleArn = RoleArn(body.OptionalString("targetRoleArn"), "targetRoleArn", cluster.Name);
            if (roleArn is not null) PassRole(context, roleArn);
            var updated = store.Associations.Update(EksStore.PartKey(cluster, association.AssociationId), a => a is null ? null : a with
            {
                RoleArn = roleArn ?? a.RoleArn,
                // An empty targetRoleArn removes it.
                TargetRoleArn = body.ContainsKey("targetRoleArn") ? targetRoleArn : a.TargetRoleArn,
                DisableSessionTags = body.OptionalBool("disableSessionTags") ?? a.DisableSessionTags,
                ModifiedAt = context.Time.GetUtcNow(),
            }) ?? throw EksErrors.AssociationNotFound(cluster.Name, association.AssociationId);
            return new JsonObject { ["association"] = AssociationJson(updated) };
        });
    }

    private OperationCall DeleteAssociation(AwsRequestContext context)
    {
        var (cluster, association) = Require(context);
        return Answer(context, association.AssociationArn, () =>
        {
            if (!store.Associations.Remove(EksStore.PartKey(cluster, association.AssociationId)))
                throw EksErrors.AssociationNotFound(cluster.Name, association.AssociationId);
            return new JsonObject { ["association"] = AssociationJson(association) };
        });
    }

    private (EksClusterRecord Cluster, EksPodIdentityAssociationRecord Association) Require(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var id = Path(context, "associationId");
        var cluster = store.RequireCluster(context, clusterName);
        return (cluster, Current(cluster, id));
    }

    private EksPodIdentityAssociationRecord Current(EksClusterRecord cluster, string id) =>
        store.Associations.Find(EksStore.PartKey(cluster, id)) ?? throw EksErrors.AssociationNotFound(cluster.Name, id);

    /// <summary>A new association of <paramref name="cluster"/> with a fresh id and ARN.</summary>
    internal static EksPodIdentityAssociationRecord NewAssociation(EksClusterRecord cluster, string ns, string serviceAccount, string roleArn,
        DateTimeOffset now, IReadOnlyDictionary<string, string> tags)
    {
        var id = NewId();
        return new EksPodIdentityAssociationRecord
        {
            AccountId = cluster.AccountId,
            Region = cluster.Region,
            ClusterName = cluster.Name,
            ClusterUid = cluster.Uid,
            AssociationId = id,
            AssociationArn = $"arn:aws:eks:{cluster.Region}:{cluster.AccountId}:podidentityassociation/{cluster.Name}/{id}",
            Namespace = ns,
            ServiceAccount = serviceAccount,
            RoleArn = roleArn,
            CreatedAt = now,
            ModifiedAt = now,
            Tags = tags,
        };
    }

    /// <summary>The association hands the role to EKS's pods service: the caller must be allowed to pass it there.</summary>
    internal static void PassRole(AwsRequestContext context, string roleArn) =>
        context.Authorize("iam:PassRole", roleArn, contextKeys: new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["iam:PassedToService"] = ["pods.eks.amazonaws.com"],
        });

    /// <summary><c>a-</c> and 17 lowercase letters and digits.</summary>
    private static string NewId() => "a-" + string.Concat(Enumerable.Range(0, 17).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));

    /// <summary>A namespace or service account name: a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253).</summary>
    internal static string KubernetesName(JsonObject body, string member, string clusterName)
    {
        var name = body.OptionalString(member) ?? throw EksErrors.InvalidParameter($"The request must contain the parameter {member}.", clusterName);
        if (name.Length is < 1 or > 253 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw EksErrors.InvalidParameter($"{member} {name} is not a valid Kubernetes name.", clusterName);
        }
        return name;
    }

    internal static string? RoleArn(string? value, string member, string clusterName)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > 2048 || Arn.TryParse(value) is not { Service: "iam" } arn || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            throw EksErrors.InvalidParameter($"{member} {value} is not a valid IAM role ARN.", clusterName);
        return value;
    }

    internal static JsonObject AssociationJson(EksPodIdentityAssociationRecord association)
    {
        var json = new JsonObject
        {
            ["clusterName"] = association.ClusterName,
            ["namespace"] = association.Namespace,
            ["serviceAccount"] = association.ServiceAccount,
            ["roleArn"] = association.RoleArn,
            ["associationArn"] = association.AssociationArn,
            ["associationId"] = association.AssociationId,
            ["tags"] = EksTags.ToJson(association.Tags),
            ["createdAt"] = JsonProtocol.Epoch(association.CreatedAt),
            ["modifiedAt"] = JsonProtocol.Epoch(association.ModifiedAt),
            ["disableSessionTags"] = association.DisableSessionTags,
        };
        if (association.OwnerArn is { } owner) json["ownerArn"] = owner;
        if (association.TargetRoleArn is { } target) json["targetRoleArn"] = target;
        return json;
    }
}

using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>Access policies: those EKS offers, and their association with an access entry, cluster-wide or per namespace.</summary>
internal sealed class AccessPolicyOperations(EksStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("AssociateAccessPolicy", "eks:AssociateAccessPolicy", AssociateAccessPolicy)
        .Add("ListAssociatedAccessPolicies", "eks:ListAssociatedAccessPolicies", ListAssociatedAccessPolicies)
        .Add("DisassociateAccessPolicy", "eks:DisassociateAccessPolicy", DisassociateAccessPolicy)
        .Add("ListAccessPolicies", "eks:ListAccessPolicies", ListAccessPolicies);

    /// <summary>AssociateAccessPolicy: adds the policy to a STANDARD entry, or replaces the scope of one already there.</summary>
    private OperationCall AssociateAccessPolicy(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var principalArn = Path(context, "principalArn");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.RequireEntry(cluster, principalArn, clusterName);
        return Answer(context, entry.AccessEntryArn, () =>
        {
            var body = Body(context);
            var policyArn = body.OptionalString("policyArn") ?? throw EksErrors.InvalidParameter("The request must contain the parameter policyArn.", clusterName);
            if (!EksAccessPolicies.All.Contains(policyArn))
                throw EksErrors.InvalidParameter($"The specified policyArn {policyArn} is not a valid access policy.", clusterName);
            if (entry.Type != "STANDARD")
                throw EksErrors.InvalidRequest($"Access policies can only be associated with access entries of type STANDARD; this entry is {entry.Type}.", clusterName);
            var (scopeType, namespaces) = Scope(body["accessScope"] as JsonObject, clusterName);

            var now = context.Time.GetUtcNow();
            EksAssociatedPolicy? associated = null;
            store.Entries.Update(EksStore.EntryKey(cluster, principalArn), e =>
            {
                if (e is null) return null;
                var previous = e.Policies.FirstOrDefault(p => p.PolicyArn == policyArn);
                associated = new EksAssociatedPolicy
                {
                    PolicyArn = policyArn,
                    ScopeType = scopeType,
                    Namespaces = namespaces,
                    AssociatedAt = previous?.AssociatedAt ?? now,
                    ModifiedAt = now,
                };
                return e with { Policies = [.. e.Policies.Where(p => p.PolicyArn != policyArn), associated], ModifiedAt = now };
            });
            if (associated is null) throw EksErrors.EntryNotFound(clusterName);
            return new JsonObject
            {
                ["clusterName"] = cluster.Name,
                ["principalArn"] = principalArn,
                ["associatedAccessPolicy"] = PolicyJson(associated),
            };
        });
    }

    private OperationCall ListAssociatedAccessPolicies(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var principalArn = Path(context, "principalArn");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.RequireEntry(cluster, principalArn, clusterName);
        return Answer(context, entry.AccessEntryArn, () =>
        {
            var page = Page(context, clusterName);
            return new JsonObject { ["clusterName"] = cluster.Name, ["principalArn"] = principalArn }
                .WithPage("associatedAccessPolicies", entry.Policies, page, PolicyJson);
        });
    }

    private OperationCall DisassociateAccessPolicy(AwsRequestContext context)
    {
        var clusterName = Path(context, "name");
        var principalArn = Path(context, "principalArn");
        var policyArn = Path(context, "policyArn");
        var cluster = store.RequireCluster(context, clusterName);
        var entry = store.RequireEntry(cluster, principalArn, clusterName);
        return Answer(context, entry.AccessEntryArn, () =>
        {
            if (entry.Policies.All(p => p.PolicyArn != policyArn))
                throw EksErrors.NotFound($"The specified policy {policyArn} is not associated with this access entry.", clusterName);
            store.Entries.Update(EksStore.EntryKey(cluster, principalArn), e => e is null ? null : e with { Policies = [.. e.Policies.Where(p => p.PolicyArn != policyArn)] });
            return new JsonObject();
        });
    }

    /// <summary>ListAccessPolicies: every access policy EKS offers.</summary>
    private static OperationCall ListAccessPolicies(AwsRequestContext context) =>
        Answer(context, "*", () => new JsonObject().WithPage("accessPolicies", EksAccessPolicies.All, Page(context),
            arn => new JsonObject { ["name"] = EksAccessPolicies.NameOf(arn), ["arn"] = arn }));

    private static (string Type, IReadOnlyList<string> Namespaces) Scope(JsonObject? scope, string clusterName)
    {
        if (scope is null) throw EksErrors.InvalidParameter("The request must contain the parameter accessScope.", clusterName);
        var type = scope.OptionalString("type") ?? throw EksErrors.InvalidParameter("accessScope.type is required: cluster or namespace.", clusterName);
        var namespaces = scope.StringList("namespaces");
        return type switch
        {
            "cluster" when namespaces.Count > 0 => throw EksErrors.InvalidParameter("Namespaces may only be given with an accessScope of type namespace.", clusterName),
            "cluster" => ("cluster", []),
            "namespace" when namespaces.Count == 0 || namespaces.Any(n => n.Length == 0) =>
                throw EksErrors.InvalidParameter("An accessScope of type namespace needs at least one namespace.", clusterName),
            "namespace" => ("namespace", namespaces),
            _ => throw EksErrors.InvalidParameter($"accessScope.type {type} is not valid; use cluster or namespace.", clusterName),
        };
    }

    private static JsonObject PolicyJson(EksAssociatedPolicy policy) => new()
    {
        ["policyArn"] = policy.PolicyArn,
        ["accessScope"] = new JsonObject
        {
            ["type"] = policy.ScopeType,
            ["namespaces"] = new JsonArray([.. policy.Namespaces.Select(n => (JsonNode)n)]),
        },
        ["associatedAt"] = JsonProtocol.Epoch(policy.AssociatedAt),
        ["modifiedAt"] = JsonProtocol.Epoch(policy.ModifiedAt),
    };
}
